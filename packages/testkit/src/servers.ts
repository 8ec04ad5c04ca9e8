/** Local fake servers for provider tests: HTTP(S) APIs and raw TCP, on loopback, that answer, delay, stall or reset. */
export {
  type FakeAnswer,
  type FakeHandler,
  type FakeHttpServer,
  type FakeHttpServerOptions,
  type FakeReply,
  type FakeRoutes,
  type RecordedRequest,
  startFakeHttpServer,
} from "./fake-http-server.js";
export {
  type FakeTcpMode,
  type FakeTcpServer,
  type FakeTcpServerOptions,
  getRefusedPort,
  startFakeTcpServer,
} from "./fake-tcp-server.js";
export { type LatencyProxy, startLatencyProxy } from "./latency-proxy.js";
export {
  issueTestCertificates,
  type TestCertificateOptions,
  type TestCertificates,
} from "./test-certificates.js";
