export { ERROR_CODES, isErrorCode, type ErrorCode } from './error-code';
export { RpcError, type WireError } from './rpc-error';
export {
  PROTOCOL_VERSION,
  type RequestId,
  type RpcRequestFrame,
  type ClientFrame,
  type HelloFrame,
  type ResultFrame,
  type ErrorFrame,
  type SessionFrame,
  type ByeFrame,
  type ServerFrame,
  type JoinFrame,
  type ResumeFrame,
  type LeaveFrame,
  type PushFrame,
  type PresenceFrame,
  type EventFrame,
  type GapFrame,
  type MemberFrame,
  type PresenceEntry,
  type MessageFrame,
  type FrameEnvelope,
} from './frames';
export type { ContextMarker } from './context-marker';
export { decodeClientFrame, decodeServerFrame, encodeFrame, readChannelFrame, readEnvelope, readMessageFrame, readRpcFrame, requestIdOf, MAX_RESPONDER_NAME } from './codec';
export { byeFrame, channelFrame, errorFrame, eventFrame, gapFrame, helloFrame, memberFrame, messageErrorFrame, messageFrame, resultFrame, sessionFrame } from './encode';
