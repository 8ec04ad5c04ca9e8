import { describe, expect, it } from "vitest";
import { matchesConnectionIdentifier, resolveConnection } from "./resolve-connection.js";

const backups = { connection_id: "conn_AAAAAAAAAAAAAAA", name: "Backups" };
const feed = { connection_id: "conn_BBBBBBBBBBBBBBB", name: "Feed" };
// A connection whose name looks like (and equals) another connection's id.
const impostor = { connection_id: "conn_CCCCCCCCCCCCCCC", name: "conn_AAAAAAAAAAAAAAA" };
// A connection named like an id that does not exist.
const idShaped = { connection_id: "conn_DDDDDDDDDDDDDDD", name: "conn_ZZZZZZZZZZZZZZZ" };

describe("resolveConnection", () => {
  it("finds a connection by id", () => {
    expect(resolveConnection([backups, feed], "conn_BBBBBBBBBBBBBBB")).toBe(feed);
  });

  it("finds a connection by exact name", () => {
    expect(resolveConnection([backups, feed], "Feed")).toBe(feed);
    expect(resolveConnection([backups, feed], "feed")).toBeUndefined();
    expect(resolveConnection([backups, feed], " Feed")).toBeUndefined();
  });

  it("prefers the id when an id and a name both match, in any order", () => {
    expect(resolveConnection([impostor, backups], "conn_AAAAAAAAAAAAAAA")).toBe(backups);
    expect(resolveConnection([backups, impostor], "conn_AAAAAAAAAAAAAAA")).toBe(backups);
  });

  it("falls back to the name when an id-shaped identifier is no id", () => {
    expect(resolveConnection([backups, idShaped], "conn_ZZZZZZZZZZZZZZZ")).toBe(idShaped);
  });

  it("returns undefined when nothing matches, and accepts any iterable", () => {
    expect(resolveConnection([], "Backups")).toBeUndefined();
    expect(resolveConnection(new Set([backups, feed]), "Backups")).toBe(backups);
    expect(resolveConnection([backups], "conn_XXXXXXXXXXXXXXX")).toBeUndefined();
  });
});

describe("matchesConnectionIdentifier", () => {
  it("matches by id or exact name", () => {
    expect(matchesConnectionIdentifier(backups, "conn_AAAAAAAAAAAAAAA")).toBe(true);
    expect(matchesConnectionIdentifier(backups, "Backups")).toBe(true);
    expect(matchesConnectionIdentifier(backups, "backups")).toBe(false);
    expect(matchesConnectionIdentifier(backups, "conn_BBBBBBBBBBBBBBB")).toBe(false);
  });
});
