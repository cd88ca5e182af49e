/** The marks the shipment-page frame carries where the server puts a shipment's title and custody. */
export const shipmentFrameMarks = {
  title: 'AIDTRAIL-SHIPMENT-TITLE',
  description: 'AIDTRAIL-SHIPMENT-DESCRIPTION',
  body: '<!--aidtrail:shipment-body-->',
} as const;

/** Where the frame lies inside a built site, per language. */
export const shipmentFramePath = (locale: 'zh-CN' | 'en') =>
  locale === 'en' ? 'en/shipments/frame/index.html' : 'shipments/frame/index.html';
