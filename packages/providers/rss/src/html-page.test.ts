import { describe, expect, it } from "vitest";
import { inspectHtmlPage, looksLikeHtml } from "./html-page.js";

describe("inspectHtmlPage", () => {
  it("finds alternate feed links relative to <base href>, decoding entities and ignoring other links", () => {
    const html = `<html><head><base href="https://cdn.example.com/site/">
      <link rel="icon" href="/favicon.ico">
      <link rel="alternate stylesheet" type="text/css" href="dark.css">
      <LINK REL="Alternate" TYPE="application/atom+xml; charset=utf-8" HREF='feeds/atom.xml?a=1&amp;b=2'>
      <link rel=alternate type=application/feed+json href=/feed.json>
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <title> My &#8220;site&#x201D; </title></head></html>`;
    expect(inspectHtmlPage(html, new URL("https://example.com/blog/"))).toEqual({
      title: "My “site”",
      feeds: ["https://cdn.example.com/site/feeds/atom.xml?a=1&b=2", "https://cdn.example.com/feed.json"],
    });
  });

  it("survives absurd character references", () => {
    expect(inspectHtmlPage("<title>&#99999999;x</title>", new URL("https://example.com/")).title).toBe("x");
  });

  it("recognises HTML by type or by its first tag", () => {
    expect(looksLikeHtml("whatever", "text/html; charset=utf-8")).toBe(true);
    expect(looksLikeHtml("<!-- hi -->\n<!DOCTYPE html><html>", "text/xml")).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0"?><rss/>', "text/xml")).toBe(false);
  });
});
