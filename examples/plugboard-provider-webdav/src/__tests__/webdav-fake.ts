import { type FakeHttpServer, startFakeHttpServer } from "@plugboard/testkit";

/** The accounts the fake knows. */
export const ACCOUNT = {
  username: "alice",
  password: "alice-dav-pass-4c1e",
  token: "dav-token-8b2f",
} as const;

const multistatus = (href: string, collection: boolean) =>
  `<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>${href}</d:href>` +
  `<d:propstat><d:prop><d:resourcetype>${collection ? "<d:collection/>" : ""}</d:resourcetype></d:prop>` +
  "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>";

/**
 * A fake WebDAV server on 127.0.0.1, as RFC 4918 describes one: PROPFIND only (405 otherwise), a Depth
 * header required, Basic or Bearer credentials checked, 207 multistatus for what exists, 403 for a folder
 * the account may not read, 404 for the rest.
 */
export function startWebdavFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request, reply) => {
    if (request.method !== "PROPFIND") return reply.text(405, "Method Not Allowed", { allow: "PROPFIND" });
    if (request.headers.depth !== "0" && request.headers.depth !== "1")
      return reply.text(400, "Depth required");
    const authorization = String(request.headers.authorization ?? "");
    const basic = `Basic ${Buffer.from(`${ACCOUNT.username}:${ACCOUNT.password}`).toString("base64")}`;
    if (authorization !== basic && authorization !== `Bearer ${ACCOUNT.token}`)
      return reply.text(401, "Unauthorized", { "www-authenticate": 'Basic realm="dav"' });
    const path = request.url.pathname;
    if (path === "/dav/private/") return reply.text(403, "Forbidden");
    if (path === "/" || path === "/dav/" || path === "/dav/report.pdf")
      return reply.send({
        status: 207,
        headers: { "content-type": 'application/xml; charset="utf-8"' },
        body: multistatus(path, path !== "/dav/report.pdf"),
      });
    return reply.text(404, "Not Found");
  });
}
