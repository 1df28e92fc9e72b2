// Renders the OpenAPI schema as a list of operations. A static file (the CSP forbids
// inline script), no third-party code: the page must work on an offline office network.
"use strict";

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  (children || []).forEach((c) => node.append(c));
  return node;
}

function resolve(schema, ref) {
  return ref.replace(/^#\//, "").split("/").reduce((o, k) => (o ? o[k] : undefined), schema);
}

function describe(schema, node, depth) {
  if (!node) return "";
  if (node.$ref) return node.$ref.split("/").pop();
  if (node.type === "array") return "[" + describe(schema, node.items, depth) + "]";
  if (node.enum) return node.enum.filter((v) => v !== "" && v !== null).join(" | ");
  if (node.allOf) return node.allOf.map((n) => describe(schema, n, depth)).join(" & ");
  if (node.oneOf) return node.oneOf.map((n) => describe(schema, n, depth)).join(" | ");
  return (node.type || "object") + (node.format ? " (" + node.format + ")" : "");
}

function componentTable(schema, name) {
  const comp = resolve(schema, "#/components/schemas/" + name);
  if (!comp || !comp.properties) return el("p", { class: "muted" }, [name]);
  const rows = Object.entries(comp.properties).map(([field, prop]) =>
    el("tr", {}, [
      el("td", {}, [el("code", {}, [field])]),
      el("td", {}, [describe(schema, prop, 0) + (prop.nullable ? " | null" : "")]),
      el("td", {}, [(comp.required || []).includes(field) ? "✓" : ""]),
    ])
  );
  return el("table", {}, [el("tr", {}, [el("th", {}, ["field"]), el("th", {}, ["type"]), el("th", {}, ["req."])]), ...rows]);
}

function operation(schema, path, method, op) {
  const body = [];
  if (op.description) body.push(el("p", {}, [op.description]));
  const params = op.parameters || [];
  if (params.length) {
    body.push(el("h4", {}, ["Parameters"]));
    body.push(el("table", {}, params.map((p) =>
      el("tr", {}, [
        el("td", {}, [el("code", {}, [p.name])]),
        el("td", {}, [p.in]),
        el("td", {}, [describe(schema, p.schema, 0)]),
        el("td", {}, [p.description || ""]),
      ])
    )));
  }
  const req = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
  if (req && req.schema) {
    body.push(el("h4", {}, ["Request body"]));
    body.push(req.schema.$ref ? componentTable(schema, req.schema.$ref.split("/").pop()) : el("p", {}, [describe(schema, req.schema, 0)]));
  }
  const ok = Object.entries(op.responses || {}).find(([code]) => code.startsWith("2"));
  if (ok && ok[1].content) {
    const media = ok[1].content["application/json"];
    if (media && media.schema) {
      body.push(el("h4", {}, ["Response " + ok[0]]));
      const ref = media.schema.$ref || (media.schema.items && media.schema.items.$ref);
      body.push(ref ? componentTable(schema, ref.split("/").pop()) : el("p", {}, [describe(schema, media.schema, 0)]));
    }
  }
  const summary = el("summary", {}, [
    el("span", { class: "method method-" + method }, [method.toUpperCase()]),
    " " + path,
  ]);
  return el("details", {}, [summary, ...body]);
}

async function render() {
  const root = document.getElementById("api-docs");
  const response = await fetch(root.dataset.schemaUrl, { headers: { Accept: "application/json" } });
  const schema = await response.json();
  const groups = {};
  Object.entries(schema.paths).forEach(([path, methods]) => {
    Object.entries(methods).forEach(([method, op]) => {
      if (typeof op !== "object" || !op.responses) return;
      const tag = (op.tags && op.tags[0]) || "api";
      (groups[tag] = groups[tag] || []).push(operation(schema, path, method, op));
    });
  });
  root.replaceChildren(
    ...Object.entries(groups).flatMap(([tag, ops]) => [el("h2", {}, [tag]), ...ops])
  );
}

document.addEventListener("DOMContentLoaded", () => {
  render().catch((err) => {
    document.getElementById("api-docs").textContent = "Schema could not be loaded: " + err;
  });
});
