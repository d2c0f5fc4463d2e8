using System.Text.Json;
using System.Text.Json.Nodes;
using static MetricsOperator.Serving.Discovery.GnosticField;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// Swagger 2.0 onto gnostic's <c>openapi.v2</c> messages (the root is <c>Document</c>), with the field numbers of
/// gnostic's OpenAPIv2.proto: the wire contract that kubectl and the aggregator decode by. Each message lists the
/// Swagger properties it carries; its one-of wrappers choose their member the way gnostic's parser does.
/// </summary>
internal static class GnosticV2Shapes
{
    public static GnosticShape Document { get; } = Build();

    private static GnosticShape Build()
    {
        var document = new GnosticShape("Document");
        var info = new GnosticShape("Info");
        var contact = new GnosticShape("Contact");
        var license = new GnosticShape("License");
        var externalDocs = new GnosticShape("ExternalDocs");
        var tag = new GnosticShape("Tag");
        var paths = new GnosticShape("Paths");
        var pathItem = new GnosticShape("PathItem");
        var operation = new GnosticShape("Operation");
        var parametersItem = new GnosticShape("ParametersItem");
        var jsonReference = new GnosticShape("JsonReference");
        var parameter = new GnosticShape("Parameter");
        var bodyParameter = new GnosticShape("BodyParameter");
        var nonBodyParameter = new GnosticShape("NonBodyParameter");
        var headerParameter = new GnosticShape("HeaderParameterSubSchema");
        var formDataParameter = new GnosticShape("FormDataParameterSubSchema");
        var queryParameter = new GnosticShape("QueryParameterSubSchema");
        var pathParameter = new GnosticShape("PathParameterSubSchema");
        var primitivesItems = new GnosticShape("PrimitivesItems");
        var responses = new GnosticShape("Responses");
        var responseValue = new GnosticShape("ResponseValue");
        var response = new GnosticShape("Response");
        var schemaItem = new GnosticShape("SchemaItem");
        var fileSchema = new GnosticShape("FileSchema");
        var headers = new GnosticShape("Headers");
        var header = new GnosticShape("Header");
        var examples = new GnosticShape("Examples");
        var schema = new GnosticShape("Schema");
        var additionalProperties = new GnosticShape("AdditionalPropertiesItem");
        var properties = new GnosticShape("Properties");
        var xml = new GnosticShape("Xml");
        var definitions = new GnosticShape("Definitions");
        var parameterDefinitions = new GnosticShape("ParameterDefinitions");
        var responseDefinitions = new GnosticShape("ResponseDefinitions");
        var securityRequirement = new GnosticShape("SecurityRequirement");
        var securityDefinitions = new GnosticShape("SecurityDefinitions");
        var securityDefinitionsItem = new GnosticShape("SecurityDefinitionsItem");
        var oauth2Scopes = new GnosticShape("Oauth2Scopes");

        document.Define(
            new Dictionary<string, GnosticField>
            {
                ["swagger"] = String(1),
                ["info"] = Message(2, info),
                ["host"] = String(3),
                ["basePath"] = String(4),
                ["schemes"] = Strings(5),
                ["consumes"] = Strings(6),
                ["produces"] = Strings(7),
                ["paths"] = Message(8, paths),
                ["definitions"] = Message(9, definitions),
                ["parameters"] = Message(10, parameterDefinitions),
                ["responses"] = Message(11, responseDefinitions),
                ["security"] = Messages(12, securityRequirement),
                ["securityDefinitions"] = Message(13, securityDefinitions),
                ["tags"] = Messages(14, tag),
                ["externalDocs"] = Message(15, externalDocs),
            },
            extensionField: 16);
        info.Define(
            new Dictionary<string, GnosticField>
            {
                ["title"] = String(1),
                ["version"] = String(2),
                ["description"] = String(3),
                ["termsOfService"] = String(4),
                ["contact"] = Message(5, contact),
                ["license"] = Message(6, license),
            },
            extensionField: 7);
        contact.Define(new Dictionary<string, GnosticField> { ["name"] = String(1), ["url"] = String(2), ["email"] = String(3) }, extensionField: 4);
        license.Define(new Dictionary<string, GnosticField> { ["name"] = String(1), ["url"] = String(2) }, extensionField: 3);
        externalDocs.Define(new Dictionary<string, GnosticField> { ["description"] = String(1), ["url"] = String(2) }, extensionField: 3);
        tag.Define(new Dictionary<string, GnosticField> { ["name"] = String(1), ["description"] = String(2), ["externalDocs"] = Message(3, externalDocs) }, extensionField: 4);

        paths.DefineMap(entriesField: 2, Message(0, pathItem), extensionField: 1);
        pathItem.Define(
            new Dictionary<string, GnosticField>
            {
                ["$ref"] = String(1),
                ["get"] = Message(2, operation),
                ["put"] = Message(3, operation),
                ["post"] = Message(4, operation),
                ["delete"] = Message(5, operation),
                ["options"] = Message(6, operation),
                ["head"] = Message(7, operation),
                ["patch"] = Message(8, operation),
                ["parameters"] = Messages(9, parametersItem),
            },
            extensionField: 10);
        operation.Define(
            new Dictionary<string, GnosticField>
            {
                ["tags"] = Strings(1),
                ["summary"] = String(2),
                ["description"] = String(3),
                ["externalDocs"] = Message(4, externalDocs),
                ["operationId"] = String(5),
                ["produces"] = Strings(6),
                ["consumes"] = Strings(7),
                ["parameters"] = Messages(8, parametersItem),
                ["responses"] = Message(9, responses),
                ["schemes"] = Strings(10),
                ["deprecated"] = Bool(11),
                ["security"] = Messages(12, securityRequirement),
            },
            extensionField: 13);

        parametersItem.DefineOneOf(value => IsReference(value) ? Message(2, jsonReference) : Message(1, parameter));
        jsonReference.Define(new Dictionary<string, GnosticField> { ["$ref"] = String(1), ["description"] = String(2) });
        parameter.DefineOneOf(value => Property(value, "in") == "body" ? Message(1, bodyParameter) : Message(2, nonBodyParameter));
        bodyParameter.Define(
            new Dictionary<string, GnosticField>
            {
                ["description"] = String(1),
                ["name"] = String(2),
                ["in"] = String(3),
                ["required"] = Bool(4),
                ["schema"] = Message(5, schema),
            },
            extensionField: 6);
        nonBodyParameter.DefineOneOf(value => Property(value, "in") switch
        {
            "header" => Message(1, headerParameter),
            "formData" => Message(2, formDataParameter),
            "query" => Message(3, queryParameter),
            "path" => Message(4, pathParameter),
            _ => null,
        });

        // The four non-body parameter kinds share their leading fields and then the primitive validations, numbered on.
        var leading = new Dictionary<string, GnosticField> { ["required"] = Bool(1), ["in"] = String(2), ["description"] = String(3), ["name"] = String(4) };
        headerParameter.Define([.. leading, .. Primitives(5, primitivesItems)], extensionField: 22);
        pathParameter.Define([.. leading, .. Primitives(5, primitivesItems)], extensionField: 22);
        queryParameter.Define([.. leading, new("allowEmptyValue", Bool(5)), .. Primitives(6, primitivesItems)], extensionField: 23);
        formDataParameter.Define([.. leading, new("allowEmptyValue", Bool(5)), .. Primitives(6, primitivesItems)], extensionField: 23);
        primitivesItems.Define(Primitives(1, primitivesItems), extensionField: 18);
        header.Define([.. Primitives(1, primitivesItems), new("description", String(18))], extensionField: 19);

        responses.DefineMap(entriesField: 1, Message(0, responseValue), extensionField: 2);
        responseValue.DefineOneOf(value => IsReference(value) ? Message(2, jsonReference) : Message(1, response));
        response.Define(
            new Dictionary<string, GnosticField>
            {
                ["description"] = String(1),
                ["schema"] = Message(2, schemaItem),
                ["headers"] = Message(3, headers),
                ["examples"] = Message(4, examples),
            },
            extensionField: 5);
        schemaItem.DefineOneOf(value => Property(value, "type") == "file" ? Message(2, fileSchema) : Message(1, schema));
        fileSchema.Define(
            new Dictionary<string, GnosticField>
            {
                ["format"] = String(1),
                ["title"] = String(2),
                ["description"] = String(3),
                ["default"] = Any(4),
                ["required"] = Strings(5),
                ["type"] = String(6),
                ["readOnly"] = Bool(7),
                ["externalDocs"] = Message(8, externalDocs),
                ["example"] = Any(9),
            },
            extensionField: 10);
        headers.DefineMap(entriesField: 1, Message(0, header));
        examples.DefineMap(entriesField: 1, Any(0));

        schema.Define(
            new Dictionary<string, GnosticField>
            {
                ["$ref"] = String(1),
                ["format"] = String(2),
                ["title"] = String(3),
                ["description"] = String(4),
                ["default"] = Any(5),
                ["multipleOf"] = Double(6),
                ["maximum"] = Double(7),
                ["exclusiveMaximum"] = Bool(8),
                ["minimum"] = Double(9),
                ["exclusiveMinimum"] = Bool(10),
                ["maxLength"] = Int64(11),
                ["minLength"] = Int64(12),
                ["pattern"] = String(13),
                ["maxItems"] = Int64(14),
                ["minItems"] = Int64(15),
                ["uniqueItems"] = Bool(16),
                ["maxProperties"] = Int64(17),
                ["minProperties"] = Int64(18),
                ["required"] = Strings(19),
                ["enum"] = Anys(20),
                ["additionalProperties"] = Message(21, additionalProperties),
                ["type"] = List(22, String(0)),
                ["items"] = List(23, Message(0, schema)),
                ["allOf"] = Messages(24, schema),
                ["properties"] = Message(25, properties),
                ["discriminator"] = String(26),
                ["readOnly"] = Bool(27),
                ["xml"] = Message(28, xml),
                ["externalDocs"] = Message(29, externalDocs),
                ["example"] = Any(30),
            },
            extensionField: 31);
        additionalProperties.DefineOneOf(value => value.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => Bool(2),
            JsonValueKind.Object => Message(1, schema),
            _ => null,
        });
        properties.DefineMap(entriesField: 1, Message(0, schema));
        xml.Define(
            new Dictionary<string, GnosticField>
            {
                ["name"] = String(1),
                ["namespace"] = String(2),
                ["prefix"] = String(3),
                ["attribute"] = Bool(4),
                ["wrapped"] = Bool(5),
            },
            extensionField: 6);

        definitions.DefineMap(entriesField: 1, Message(0, schema));
        parameterDefinitions.DefineMap(entriesField: 1, Message(0, parameter));
        responseDefinitions.DefineMap(entriesField: 1, Message(0, response));
        securityRequirement.DefineMap(entriesField: 1, List(0, String(0)));
        securityDefinitions.DefineMap(entriesField: 1, Message(0, securityDefinitionsItem));
        oauth2Scopes.DefineMap(entriesField: 1, String(0));
        GnosticV2SecurityShapes.DefineSchemes(securityDefinitionsItem, oauth2Scopes);
        return document;
    }

    /// <summary>
    /// type, format, items, collectionFormat, default, the numeric and length limits, enum and multipleOf: the
    /// validations every non-body parameter, header and items object has, numbered on from <paramref name="first"/>.
    /// </summary>
    private static KeyValuePair<string, GnosticField>[] Primitives(int first, GnosticShape items) =>
    [
        new("type", String(first)),
        new("format", String(first + 1)),
        new("items", Message(first + 2, items)),
        new("collectionFormat", String(first + 3)),
        new("default", Any(first + 4)),
        new("maximum", Double(first + 5)),
        new("exclusiveMaximum", Bool(first + 6)),
        new("minimum", Double(first + 7)),
        new("exclusiveMinimum", Bool(first + 8)),
        new("maxLength", Int64(first + 9)),
        new("minLength", Int64(first + 10)),
        new("pattern", String(first + 11)),
        new("maxItems", Int64(first + 12)),
        new("minItems", Int64(first + 13)),
        new("uniqueItems", Bool(first + 14)),
        new("enum", Anys(first + 15)),
        new("multipleOf", Double(first + 16)),
    ];

    private static bool IsReference(JsonNode value) => value is JsonObject properties && properties.ContainsKey("$ref");

    /// <summary>A string property of an object, which gnostic's one-ofs choose their member by; null otherwise.</summary>
    internal static string? Property(JsonNode value, string name) =>
        value is JsonObject properties && properties[name] is JsonValue property && property.GetValueKind() == JsonValueKind.String ? property.GetValue<string>() : null;
}
