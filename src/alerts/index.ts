export {
  type AlertableEvent,
  attachRunAlerts,
  type RunAlertPayload,
  type RunAlerts,
  type RunAlertsOptions,
} from './run-alerts.js';
export {
  createWebhookSender,
  type DeliveryResult,
  type WebhookSender,
  type WebhookSenderOptions,
} from './webhook-sender.js';
