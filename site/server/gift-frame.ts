/** The marks the gift-page frame carries where the server puts a gift's title and story. */
export const giftFrameMarks = {
  title: 'AIDTRAIL-GIFT-TITLE',
  description: 'AIDTRAIL-GIFT-DESCRIPTION',
  body: '<!--aidtrail:gift-body-->',
} as const;

/** Where the frame lies inside a built site, per language. */
export const giftFramePath = (locale: 'zh-CN' | 'en') =>
  locale === 'en' ? 'en/gifts/frame/index.html' : 'gifts/frame/index.html';
