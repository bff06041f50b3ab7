export { MailPreview, previewWidths, type MailPreviewProps, type PreviewWidth } from './mail-preview'
export { prepareMailDocument, type MailDocument, type MailDocumentOptions } from './prepare-mail-document'
export { RemoteContentBar, type RemoteContentBarProps } from './remote-content-bar'
