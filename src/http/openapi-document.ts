import { z } from "zod";

export interface ApiRoute {
  method: "GET";
  /** Fastify's form, ":id" for a path parameter. */
  url: string;
  summary: string;
  querystring?: z.ZodObject;
  params?: z.ZodObject;
  /** A JSON response, or the content type of a file. */
  response?: z.ZodType;
  file?: string;
}

/** An OpenAPI 3.1 document of routes declared with zod schemas (the same schemas Fastify validates with). */
export function openApiDocument(routes: ApiRoute[], prefix: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = prefix + route.url.replace(/:(\w+)/g, "{$1}");
    const parameters = [
      ...parametersOf(route.querystring, "query"),
      ...parametersOf(route.params, "path"),
    ];
    const ok = route.response
      ? { description: "OK", content: { "application/json": { schema: z.toJSONSchema(route.response, { target: "openapi-3.0" }) } } }
      : { description: "OK", content: { [route.file ?? "application/octet-stream"]: { schema: { type: "string", format: "binary" } } } };
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      security: [{ bearer: [] }],
      parameters,
      responses: { "200": ok, "400": { description: "Invalid request" }, "401": { description: "Missing or wrong token" }, "404": { description: "No such plan, unit or report" } },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "chitieu read API", version: "1" },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "ADMIN_TOKEN" } } },
    paths,
  };
}

function parametersOf(schema: z.ZodObject | undefined, where: "query" | "path") {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input", target: "openapi-3.0" }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: s }));
}
