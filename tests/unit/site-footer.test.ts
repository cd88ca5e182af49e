/** The footer's contact line, from AIDTRAIL_CONTACT, and the data page's code spans. */
import { describe, expect, it } from 'vitest';
import { footerContact } from '../../site/lib/contact.ts';
import { codeSpans } from '../../site/lib/downloads.ts';

describe('footer contact', () => {
  it('links an e-mail or web address, shows other text as it is, and nothing when unset', () => {
    expect(footerContact('help@aidtrail.example')).toEqual({
      href: 'mailto:help@aidtrail.example',
      text: 'help@aidtrail.example',
    });
    expect(footerContact('mailto:a@b.cn')).toEqual({ href: 'mailto:a@b.cn', text: 'a@b.cn' });
    expect(footerContact('https://aidtrail.example/contact')).toEqual({
      href: 'https://aidtrail.example/contact',
      text: 'aidtrail.example/contact',
    });
    expect(footerContact('电话 010-1234 5678')).toEqual({ href: null, text: '电话 010-1234 5678' });
    expect(footerContact('javascript:alert(1)')).toEqual({ href: null, text: 'javascript:alert(1)' });
    expect(footerContact('  ')).toBeNull();
    expect(footerContact(undefined)).toBeNull();
  });
});

describe('descriptions with code', () => {
  it('shows code without its backticks', () => {
    expect(codeSpans('Every gift (kind `donation`) and `pledge`.')).toEqual([
      { code: false, text: 'Every gift (kind ' },
      { code: true, text: 'donation' },
      { code: false, text: ') and ' },
      { code: true, text: 'pledge' },
      { code: false, text: '.' },
    ]);
  });
});
