using System.Text.Json.Nodes;
using MetricsOperator.Serving.Discovery;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>
/// The gnostic encoder beyond what our own documents use: every kind of field round-trips through protoc's
/// descriptors, one-of members keep zero values, vendor extensions become YAML, and anything unmapped fails loudly.
/// </summary>
public sealed class GnosticProtobufEncoderTests
{
    [Test]
    public async Task A_swagger_document_with_every_kind_of_field_round_trips()
    {
        var document = JsonNode.Parse("""
            {
              "swagger": "2.0",
              "info": { "title": "t", "version": "1", "description": "µs and \"quotes\"", "x-info": { "a": [1, 2.5, true, null, "yes", ""] } },
              "host": "example.com",
              "basePath": "/api",
              "schemes": ["https", "http"],
              "consumes": ["application/json"],
              "paths": {
                "x-paths-extension": "- not a list",
                "/things/{name}": {
                  "parameters": [
                    { "name": "name", "in": "path", "required": true, "type": "string", "pattern": "^[a-z]+$", "maxLength": 63 },
                    { "$ref": "#/parameters/shared" }
                  ],
                  "get": {
                    "operationId": "getThing",
                    "deprecated": true,
                    "parameters": [
                      {
                        "name": "limit", "in": "query", "type": "integer", "format": "int32", "minimum": -1.5, "maximum": 100,
                        "exclusiveMaximum": true, "default": 10, "enum": [1, "two", false], "multipleOf": 0.5,
                        "allowEmptyValue": true, "items": { "type": "string", "enum": ["a"] }, "x-param": 7
                      },
                      { "name": "body", "in": "body", "schema": { "$ref": "#/definitions/Thing" } }
                    ],
                    "responses": {
                      "200": { "description": "OK", "schema": { "type": "array", "items": [{ "type": "string" }, { "type": "integer" }] } },
                      "404": { "$ref": "#/responses/missing" },
                      "x-responses": { "k": "v" }
                    },
                    "security": [{ "BearerToken": [] }, { "OAuth": ["read", "write"] }]
                  }
                }
              },
              "definitions": {
                "Thing": {
                  "type": ["object", "null"],
                  "required": ["id"],
                  "additionalProperties": false,
                  "minProperties": 1,
                  "maxProperties": 5,
                  "properties": {
                    "id": { "type": "string", "readOnly": true, "default": "x", "example": { "nested": ["y"] } },
                    "size": { "type": "number", "minimum": 0.25, "exclusiveMinimum": true, "uniqueItems": true },
                    "tags": { "type": "object", "additionalProperties": { "type": "string" } },
                    "parts": { "allOf": [{ "$ref": "#/definitions/Part" }], "discriminator": "kind" }
                  },
                  "x-kubernetes-group-version-kind": [{ "group": "", "kind": "Thing", "version": "v1" }]
                },
                "Part": { "type": "object", "externalDocs": { "url": "https://example.com", "description": "d" } }
              },
              "securityDefinitions": {
                "BearerToken": { "type": "apiKey", "name": "authorization", "in": "header" },
                "Basic": { "type": "basic", "description": "b" },
                "Implicit": { "type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": { "read": "reads" } },
                "Password": { "type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {} },
                "Application": { "type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": { "w": "" }, "x-flow": "app" },
                "AccessCode": { "type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": { "r": "s" } }
              },
              "security": [{ "BearerToken": [] }],
              "tags": [{ "name": "things", "description": "all of them" }],
              "x-document": 3
            }
            """)!.AsObject();

        var decoded = await GnosticProto.DecodeV2Async(GnosticProtobufEncoder.Encode(document, GnosticV2Shapes.Document));

        Assert.That(JsonComparison.FirstDifference(document, decoded), Is.Null);
    }

    [Test]
    public async Task An_openapi_3_document_with_every_kind_of_field_round_trips()
    {
        var document = JsonNode.Parse("""
            {
              "openapi": "3.0.0",
              "info": { "title": "t", "version": "1" },
              "paths": {
                "/x": {
                  "parameters": [{ "$ref": "#/components/parameters/p" }],
                  "get": {
                    "parameters": [{ "name": "q", "in": "query", "schema": { "type": "string", "default": "" } }],
                    "responses": {
                      "default": { "$ref": "#/components/responses/error" },
                      "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/S" } } } }
                    }
                  }
                }
              },
              "components": {
                "schemas": {
                  "S": {
                    "type": "object",
                    "nullable": true,
                    "properties": {
                      "n": { "type": "number", "default": 0, "maximum": 1e3 },
                      "b": { "type": "boolean", "default": false },
                      "l": { "type": "array", "items": { "$ref": "#/components/schemas/S" }, "maxItems": 3 },
                      "m": { "type": "object", "additionalProperties": true },
                      "o": { "oneOf": [{ "type": "string" }, { "type": "integer" }], "not": { "type": "null" } }
                    },
                    "x-kubernetes-preserve-unknown-fields": true
                  }
                },
                "securitySchemes": { "BearerToken": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" } }
              },
              "security": [{ "BearerToken": [] }]
            }
            """)!.AsObject();

        var decoded = await GnosticProto.DecodeV3Async(GnosticProtobufEncoder.Encode(document, GnosticV3Shapes.Document));

        Assert.That(JsonComparison.FirstDifference(document, decoded), Is.Null);
    }

    [Test]
    public void A_false_one_of_member_is_written_rather_than_dropped()
    {
        var withFalse = JsonNode.Parse("""{ "definitions": { "A": { "additionalProperties": false } } }""")!.AsObject();
        var without = JsonNode.Parse("""{ "definitions": { "A": {} } }""")!.AsObject();

        var bytes = GnosticProtobufEncoder.Encode(withFalse, GnosticV2Shapes.Document);

        // Definitions(9) > NamedSchema(1) > Schema(2) > AdditionalPropertiesItem(21) > boolean(2) = false.
        Assert.That(bytes.AsSpan().EndsWith(new byte[] { 0xAA, 0x01, 0x02, 0x10, 0x00 }), Convert.ToHexString(bytes));
        Assert.That(bytes, Has.Length.EqualTo(GnosticProtobufEncoder.Encode(without, GnosticV2Shapes.Document).Length + 5));
    }

    [TestCase("""{ "swagger": "2.0", "paths": { "/x": { "get": { "operationId": "a", "bogus": 1 } } } }""", "#/paths//x/get/bogus", "Operation has no field for 'bogus'")]
    [TestCase("""{ "swagger": 2 }""", "#/swagger", "gnostic expects a string, not 2")]
    [TestCase("""{ "paths": { "/x": { "parameters": [{ "name": "n", "in": "cookie" }] } } }""", "#/paths//x/parameters/0", "no member of gnostic NonBodyParameter")]
    [TestCase("""{ "definitions": { "A": { "maxLength": 1.5 } } }""", "#/definitions/A/maxLength", "is no 64-bit integer")]
    [TestCase("""{ "schemes": "https" }""", "#/schemes", "written from an array")]
    public void What_gnostic_cannot_hold_fails_at_start_up_naming_where(string json, string path, string problem)
    {
        var document = JsonNode.Parse(json)!.AsObject();

        var error = Assert.Throws<InvalidOperationException>(() => GnosticProtobufEncoder.Encode(document, GnosticV2Shapes.Document));

        Assert.That(error!.Message, Does.Contain(path + ":").And.Contain(problem));
    }

    [Test]
    public void Openapi_3_links_are_refused_rather_than_lost()
    {
        var document = JsonNode.Parse("""{ "paths": { "/x": { "get": { "responses": { "200": { "description": "OK", "links": {} } } } } } }""")!.AsObject();

        var error = Assert.Throws<InvalidOperationException>(() => GnosticProtobufEncoder.Encode(document, GnosticV3Shapes.Document));

        Assert.That(error!.Message, Does.Contain("#/paths//x/get/responses/200/links: gnostic Response has no field for 'links'"));
    }
}
