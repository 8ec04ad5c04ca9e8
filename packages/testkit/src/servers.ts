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
  getRefusedPort,
  startFakeTcpServer,
} from "./fake-tcp-server.js";
