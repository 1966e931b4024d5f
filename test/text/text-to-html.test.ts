import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/text/html-to-text.ts';
import { textToHtml } from '../../src/text/text-to-html.ts';

describe('textToHtml', () => {
  describe('markup a person typed', () => {
    it('escapes &, < and > so that it stays text', () => {
      expect(textToHtml('<b>hi</b> & I <3 you')).toBe('&lt;b&gt;hi&lt;/b&gt; &amp; I &lt;3 you');
    });

    it('escapes an entity-like text rather than letting it decode', () => {
      expect(textToHtml('&amp; is how you write &')).toBe('&amp;amp; is how you write &amp;');
    });
  });

  describe('line breaks', () => {
    it('writes every newline, however spelled, as <br>', () => {
      expect(textToHtml('one\ntwo\r\nthree\rfour')).toBe('one<br>two<br>three<br>four');
    });
  });

  describe('round trip', () => {
    it.each([
      'plain words',
      'a <b>tag</b> typed & kept',
      'two\nlines',
      '&lt; already escaped',
      'emoji 😀 and "quotes"',
    ])('htmlToText reads back %j', (text) => {
      expect(htmlToText(textToHtml(text))).toBe(text);
    });
  });
});
