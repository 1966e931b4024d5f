import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities, htmlToText } from '../../src/text/html-to-text.ts';

describe('htmlToText', () => {
  describe('tags', () => {
    it('removes tags and keeps their text', () => {
      expect(htmlToText('<p>Hi <strong>there</strong>, <a href="x">look</a></p>')).toBe(
        'Hi there, look',
      );
    });

    it('turns <br> in all its spellings into a newline', () => {
      expect(htmlToText('one<br>two<br/>three<BR />four')).toBe('one\ntwo\nthree\nfour');
    });

    it('ends each paragraph with one newline', () => {
      expect(htmlToText('<p>first</p><p>second</p>')).toBe('first\nsecond');
      expect(htmlToText('<p>first</p>\n<p>second</p>')).toBe('first\nsecond');
    });

    it('does not double a <br> followed by a raw newline', () => {
      expect(htmlToText('a<br />\nb')).toBe('a\nb');
    });

    it('keeps a < that does not open a tag', () => {
      expect(htmlToText('I <3 you & 2 < 3')).toBe('I <3 you & 2 < 3');
    });

    it('drops comments', () => {
      expect(htmlToText('a<!-- hidden -->b')).toBe('ab');
    });

    it('trims the whitespace around the text', () => {
      expect(htmlToText('  <p> hello </p>\n')).toBe('hello');
    });

    it('answers an empty string for empty markup', () => {
      expect(htmlToText('')).toBe('');
      expect(htmlToText('<p></p>')).toBe('');
    });
  });

  describe('entities', () => {
    it('decodes the common named entities', () => {
      expect(htmlToText('&amp; &lt; &gt; &quot; &apos;')).toBe('& < > " \'');
    });

    it('decodes &nbsp; to a no-break space', () => {
      expect(htmlToText('a&nbsp;b')).toBe('a\u00a0b');
    });

    it('decodes decimal and hexadecimal references, astral ones included', () => {
      expect(htmlToText('it&#39;s &#x1F600; &#128512; &#X41;')).toBe("it's 😀 😀 A");
    });

    it('decodes after removing tags, so escaped markup stays text', () => {
      expect(htmlToText('<p>&lt;b&gt;not bold&lt;/b&gt;</p>')).toBe('<b>not bold</b>');
    });

    it('does not decode twice', () => {
      expect(htmlToText('&amp;lt;')).toBe('&lt;');
    });

    it('leaves unknown names and bare ampersands as they are', () => {
      expect(htmlToText('&bogus; & &amp')).toBe('&bogus; & &amp');
    });

    it('replaces code points that are not characters with U+FFFD', () => {
      expect(decodeHtmlEntities('&#0;&#xD800;&#x110000;')).toBe('\ufffd\ufffd\ufffd');
    });

    it('decodes accented letters and typography', () => {
      expect(decodeHtmlEntities('caf&eacute; &hellip; &mdash; &euro;5 &rsquo;')).toBe(
        'café … — €5 ’',
      );
    });
  });
});
