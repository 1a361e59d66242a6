/** The control API of a node (qkdctl, scripts, dashboard): server, settings from the bench config, and its JSON documents. */
export { startControlServer, type StartControlServerOptions, type ControlServer, type RawControlRoute } from './server.ts';
export { type ControlledNode, OPERATOR_HOLD } from './controlled-node.ts';
export { controlSettingsFromConfig, DEFAULT_SOCKET_NAME, type ControlSettings } from './control-settings.ts';
export { checkControlSocketPath, MAX_SOCKET_PATH_BYTES } from './unix-socket.ts';
export { RateWindow, type Rates, type RateSample } from './rate-window.ts';
export {
  CONTROL_API_PREFIX,
  CONTROL_API_VERSION,
  type StatusJson,
  type AlarmsJson,
  type AlarmJson,
  type GenerationJson,
  type GenerationChangeJson,
  type HoldJson,
  type BoardJson,
  type ErrorJson,
  type ControlErrorCode,
} from './wire.ts';
