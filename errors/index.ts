export { QkdErrorCode, QKD_ERROR_FAMILIES, familyOf, type QkdErrorFamily } from './codes.ts';
export {
  QkdError,
  isQkdError,
  isTransportError,
  isLinkError,
  isDeviceError,
  isBoardError,
  isConfigError,
  isPeerError,
  isKeyStoreError,
  isDeliveryError,
  isNodeError,
  isTimeout,
  type QkdErrorDetails,
} from './qkd-error.ts';
export { describeFailure, EXIT_BUG, EXIT_EXPECTED_FAILURE, type FailureReport } from './report-failure.ts';
