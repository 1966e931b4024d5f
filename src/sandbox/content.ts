/**
 * Text pools of the generated dataset. Messages store only an index into `MESSAGE_TEXTS`, which
 * keeps 50,000 messages small; each entry has the HTML an OnlyFans API returns and the plain text
 * Fansly returns. The pools deliberately carry what breaks naive frontends: emoji and ZWJ
 * sequences, right-to-left and CJK scripts, entities, tags and escaped script.
 */

export interface MessageText {
  /** OnlyFans: HTML, the way the vendor serves it. */
  html: string;
  /** Fansly: plain text, markup characters included literally. */
  plain: string;
}

export const MESSAGE_TEXTS: readonly MessageText[] = [
  { html: '<p>Hey! How are you today? 😊</p>', plain: 'Hey! How are you today? 😊' },
  { html: '<p>مرحبا، كيف حالك اليوم؟</p>', plain: 'مرحبا، كيف حالك اليوم؟' },
  { html: '<p>שלום! מה שלומך?</p>', plain: 'שלום! מה שלומך?' },
  { html: '<p>你好！今天过得怎么样？</p>', plain: '你好！今天过得怎么样？' },
  { html: '<p>こんにちは 🌸 また話そうね</p>', plain: 'こんにちは 🌸 また話そうね' },
  { html: '<p>Tom &amp; Jerry say hi</p>', plain: 'Tom & Jerry say hi' },
  {
    html: '<p><b>New set</b> dropping tonight 🔥</p>',
    plain: 'I typed <b>New set</b> but it is just text 🔥',
  },
  { html: '<p>Line one<br>Line two<br />Line three</p>', plain: 'Line one\nLine two\nLine three' },
  {
    html: '<p>Check <a href="https://example.com/promo?a=1&amp;b=2">my link</a></p>',
    plain: 'Check https://example.com/promo?a=1&b=2',
  },
  {
    html: '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    plain: '<script>alert(1)</script>',
  },
  { html: '<p>Ça va? Très bien, merci !</p>', plain: 'Ça va? Très bien, merci !' },
  { html: '<p>👀👀👀</p>', plain: '👀👀👀' },
  { html: '<p>Thanks for the tip babe 💕</p>', plain: 'Thanks for the tip babe 💕' },
  { html: '<p>Can I get a custom video?</p>', plain: 'Can I get a custom video?' },
  { html: '<p>What are you up to this weekend?</p>', plain: 'What are you up to this weekend?' },
  { html: '<p>lol 😂</p>', plain: 'lol 😂' },
  { html: '<p>The full set is $15, want it?</p>', plain: 'The full set is $15, want it?' },
  { html: '<p>Good morning ☀️</p>', plain: 'Good morning ☀️' },
  { html: '<p>😘</p>', plain: '😘' },
  { html: '<p>Мне очень понравилось, спасибо!</p>', plain: 'Мне очень понравилось, спасибо!' },
  { html: '<p>👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽</p>', plain: '👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽' },
  { html: '<p>5 &lt; 6 &amp;&amp; 7 &gt; 3</p>', plain: '5 < 6 && 7 > 3' },
  {
    html: '<p>I was thinking about what you said yesterday, and honestly it made my whole week. Let me know when you are free, I have something special planned for you. 💌</p>',
    plain:
      'I was thinking about what you said yesterday, and honestly it made my whole week. Let me know when you are free, I have something special planned for you. 💌',
  },
  { html: '<p><i>miss you</i> already</p>', plain: 'miss you already' },
  {
    html: '<p>“Quotes” and ‘apostrophes’ — dashes…</p>',
    plain: '“Quotes” and ‘apostrophes’ — dashes…',
  },
  { html: '<p>안녕하세요! 반가워요</p>', plain: '안녕하세요! 반가워요' },
  { html: '<p>Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ text</p>', plain: 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ text' },
  { html: '<p>ok</p>', plain: 'ok' },
];

/** Index of the empty text, used by media-only messages. */
export const EMPTY_TEXT_ID = MESSAGE_TEXTS.length;
const EMPTY_TEXT: MessageText = { html: '', plain: '' };

export function messageText(textId: number): MessageText {
  return MESSAGE_TEXTS[textId] ?? EMPTY_TEXT;
}

/** A message's text: its own when it was sent through the sandbox, else its pool entry. */
export function textOf(message: { textId: number; text?: MessageText }): MessageText {
  return message.text ?? messageText(message.textId);
}

/** Display names; `null` and `''` model profiles without one. */
export const DISPLAY_NAMES: readonly (string | null)[] = [
  'Jake',
  'María José',
  '李伟',
  'محمد علي',
  'יוסי כהן',
  'Zoë 🌸',
  'Ben &amp; Jerry fan',
  '<b>BoldGuy</b>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '🔥🔥🔥',
  'Ольга',
  "Dan O'Brien",
  'Jean-Luc',
  'Ĵōšé',
  'さくら',
  'Mike',
  'Chris',
  'Alex',
  'Sam',
  'Taylor',
  'Jordan',
  'Kim 김',
  'Ravi Kumar',
  'Lukas',
  null,
  '',
];

export const USERNAME_STEMS: readonly string[] = [
  'jake',
  'mariaj',
  'liwei',
  'mohammed',
  'yossi',
  'zoe',
  'benjerry',
  'boldguy',
  'scripty',
  'fire',
  'olga',
  'danob',
  'jeanluc',
  'jose',
  'sakura',
  'mike',
  'chris',
  'alex',
  'sam',
  'taylor',
  'jordan',
  'kim',
  'ravi',
  'lukas',
  'anon',
  'guest',
];

export const CREATOR_NAMES: readonly string[] = [
  'Lillie Rose 🌹',
  'Mia Sunshine',
  'Aiko ✨',
  'Valentina',
  'Nora & Co',
  'Isabella',
];

export const CREATOR_USERNAMES: readonly string[] = [
  'lillierose',
  'miasunshine',
  'aiko.stars',
  'valentina',
  'nora_and_co',
  'isabella',
];

export const LOCATIONS: readonly string[] = ['', 'Berlin', 'São Paulo', '東京', 'New York', ''];
