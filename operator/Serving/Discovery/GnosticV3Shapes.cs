using System.Text.Json;
using System.Text.Json.Nodes;
using static MetricsOperator.Serving.Discovery.GnosticField;

namespace MetricsOperator.Serving.Discovery;

/// <summary>
/// OpenAPI 3.0 onto gnostic's <c>openapi.v3</c> messages (the root is <c>Document</c>), with the field numbers of
/// gnostic's OpenAPIv3.proto. Links, callbacks and OAuth flows are not mapped: the group-version documents the API
/// server builds have none, and a document that had one would fail at start-up naming it rather than lose it.
/// </summary>
internal static class GnosticV3Shapes
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
        var server = new GnosticShape("Server");
        var serverVariables = new GnosticShape("ServerVariables");
        var serverVariable = new GnosticShape("ServerVariable");
        var paths = new GnosticShape("Paths");
        var pathItem = new GnosticShape("PathItem");
        var operation = new GnosticShape("Operation");
        var reference = new GnosticShape("Reference");
        var parameterOrReference = new GnosticShape("ParameterOrReference");
        var parameter = new GnosticShape("Parameter");
        var requestBodyOrReference = new GnosticShape("RequestBodyOrReference");
        var requestBody = new GnosticShape("RequestBody");
        var responses = new GnosticShape("Responses");
        var responseOrReference = new GnosticShape("ResponseOrReference");
        var response = new GnosticShape("Response");
        var headerOrReference = new GnosticShape("HeaderOrReference");
        var header = new GnosticShape("Header");
        var mediaTypes = new GnosticShape("MediaTypes");
        var mediaType = new GnosticShape("MediaType");
        var encodings = new GnosticShape("Encodings");
        var encoding = new GnosticShape("Encoding");
        var examplesOrReferences = new GnosticShape("ExamplesOrReferences");
        var exampleOrReference = new GnosticShape("ExampleOrReference");
        var example = new GnosticShape("Example");
        var headersOrReferences = new GnosticShape("HeadersOrReferences");
        var components = new GnosticShape("Components");
        var schemaOrReference = new GnosticShape("SchemaOrReference");
        var schema = new GnosticShape("Schema");
        var schemasOrReferences = new GnosticShape("SchemasOrReferences");
        var properties = new GnosticShape("Properties");
        var additionalProperties = new GnosticShape("AdditionalPropertiesItem");
        var defaultType = new GnosticShape("DefaultType");
        var discriminator = new GnosticShape("Discriminator");
        var strings = new GnosticShape("Strings");
        var xml = new GnosticShape("Xml");
        var securityRequirement = new GnosticShape("SecurityRequirement");
        var securitySchemeOrReference = new GnosticShape("SecuritySchemeOrReference");
        var securityScheme = new GnosticShape("SecurityScheme");

        document.Define(
            new Dictionary<string, GnosticField>
            {
                ["openapi"] = String(1),
                ["info"] = Message(2, info),
                ["servers"] = Messages(3, server),
                ["paths"] = Message(4, paths),
                ["components"] = Message(5, components),
                ["security"] = Messages(6, securityRequirement),
                ["tags"] = Messages(7, tag),
                ["externalDocs"] = Message(8, externalDocs),
            },
            extensionField: 9);
        info.Define(
            new Dictionary<string, GnosticField>
            {
                ["title"] = String(1),
                ["description"] = String(2),
                ["termsOfService"] = String(3),
                ["contact"] = Message(4, contact),
                ["license"] = Message(5, license),
                ["version"] = String(6),
                ["summary"] = String(8),
            },
            extensionField: 7);
        contact.Define(new Dictionary<string, GnosticField> { ["name"] = String(1), ["url"] = String(2), ["email"] = String(3) }, extensionField: 4);
        license.Define(new Dictionary<string, GnosticField> { ["name"] = String(1), ["url"] = String(2) }, extensionField: 3);
        externalDocs.Define(new Dictionary<string, GnosticField> { ["description"] = String(1), ["url"] = String(2) }, extensionField: 3);
        tag.Define(new Dictionary<string, GnosticField> { ["name"] = String(1), ["description"] = String(2), ["externalDocs"] = Message(3, externalDocs) }, extensionField: 4);
        server.Define(new Dictionary<string, GnosticField> { ["url"] = String(1), ["description"] = String(2), ["variables"] = Message(3, serverVariables) }, extensionField: 4);
        serverVariables.DefineMap(entriesField: 1, Message(0, serverVariable));
        serverVariable.Define(new Dictionary<string, GnosticField> { ["enum"] = Strings(1), ["default"] = String(2), ["description"] = String(3) }, extensionField: 4);

        paths.DefineMap(entriesField: 1, Message(0, pathItem), extensionField: 2);
        pathItem.Define(
            new Dictionary<string, GnosticField>
            {
                ["$ref"] = String(1),
                ["summary"] = String(2),
                ["description"] = String(3),
                ["get"] = Message(4, operation),
                ["put"] = Message(5, operation),
                ["post"] = Message(6, operation),
                ["delete"] = Message(7, operation),
                ["options"] = Message(8, operation),
                ["head"] = Message(9, operation),
                ["patch"] = Message(10, operation),
                ["trace"] = Message(11, operation),
                ["servers"] = Messages(12, server),
                ["parameters"] = Messages(13, parameterOrReference),
            },
            extensionField: 14);
        operation.Define(
            new Dictionary<string, GnosticField>
            {
                ["tags"] = Strings(1),
                ["summary"] = String(2),
                ["description"] = String(3),
                ["externalDocs"] = Message(4, externalDocs),
                ["operationId"] = String(5),
                ["parameters"] = Messages(6, parameterOrReference),
                ["requestBody"] = Message(7, requestBodyOrReference),
                ["responses"] = Message(8, responses),
                ["deprecated"] = Bool(10),
                ["security"] = Messages(11, securityRequirement),
                ["servers"] = Messages(12, server),
            },
            extensionField: 13);
        reference.Define(new Dictionary<string, GnosticField> { ["$ref"] = String(1), ["summary"] = String(2), ["description"] = String(3) });

        parameterOrReference.DefineOneOf(value => OrReference(value, reference, parameter));
        parameter.Define(
            new Dictionary<string, GnosticField>
            {
                ["name"] = String(1),
                ["in"] = String(2),
                ["description"] = String(3),
                ["required"] = Bool(4),
                ["deprecated"] = Bool(5),
                ["allowEmptyValue"] = Bool(6),
                ["style"] = String(7),
                ["explode"] = Bool(8),
                ["allowReserved"] = Bool(9),
                ["schema"] = Message(10, schemaOrReference),
                ["example"] = Any(11),
                ["examples"] = Message(12, examplesOrReferences),
                ["content"] = Message(13, mediaTypes),
            },
            extensionField: 14);
        requestBodyOrReference.DefineOneOf(value => OrReference(value, reference, requestBody));
        requestBody.Define(
            new Dictionary<string, GnosticField> { ["description"] = String(1), ["content"] = Message(2, mediaTypes), ["required"] = Bool(3) },
            extensionField: 4);

        responses.DefineMap(
            entriesField: 2,
            Message(0, responseOrReference),
            extensionField: 3,
            fixedFields: new Dictionary<string, GnosticField> { ["default"] = Message(1, responseOrReference) });
        responseOrReference.DefineOneOf(value => OrReference(value, reference, response));
        response.Define(
            new Dictionary<string, GnosticField> { ["description"] = String(1), ["headers"] = Message(2, headersOrReferences), ["content"] = Message(3, mediaTypes) },
            extensionField: 5);
        headersOrReferences.DefineMap(entriesField: 1, Message(0, headerOrReference));
        headerOrReference.DefineOneOf(value => OrReference(value, reference, header));
        header.Define(
            new Dictionary<string, GnosticField>
            {
                ["description"] = String(1),
                ["required"] = Bool(2),
                ["deprecated"] = Bool(3),
                ["allowEmptyValue"] = Bool(4),
                ["style"] = String(5),
                ["explode"] = Bool(6),
                ["allowReserved"] = Bool(7),
                ["schema"] = Message(8, schemaOrReference),
                ["example"] = Any(9),
                ["examples"] = Message(10, examplesOrReferences),
                ["content"] = Message(11, mediaTypes),
            },
            extensionField: 12);
        mediaTypes.DefineMap(entriesField: 1, Message(0, mediaType));
        mediaType.Define(
            new Dictionary<string, GnosticField>
            {
                ["schema"] = Message(1, schemaOrReference),
                ["example"] = Any(2),
                ["examples"] = Message(3, examplesOrReferences),
                ["encoding"] = Message(4, encodings),
            },
            extensionField: 5);
        encodings.DefineMap(entriesField: 1, Message(0, encoding));
        encoding.Define(
            new Dictionary<string, GnosticField>
            {
                ["contentType"] = String(1),
                ["headers"] = Message(2, headersOrReferences),
                ["style"] = String(3),
                ["explode"] = Bool(4),
                ["allowReserved"] = Bool(5),
            },
            extensionField: 6);
        examplesOrReferences.DefineMap(entriesField: 1, Message(0, exampleOrReference));
        exampleOrReference.DefineOneOf(value => OrReference(value, reference, example));
        example.Define(
            new Dictionary<string, GnosticField> { ["summary"] = String(1), ["description"] = String(2), ["value"] = Any(3), ["externalValue"] = String(4) },
            extensionField: 5);

        components.Define(
            new Dictionary<string, GnosticField>
            {
                ["schemas"] = Message(1, schemasOrReferences),
                ["responses"] = Message(2, Map("ResponsesOrReferences", responseOrReference)),
                ["parameters"] = Message(3, Map("ParametersOrReferences", parameterOrReference)),
                ["examples"] = Message(4, examplesOrReferences),
                ["requestBodies"] = Message(5, Map("RequestBodiesOrReferences", requestBodyOrReference)),
                ["headers"] = Message(6, headersOrReferences),
                ["securitySchemes"] = Message(7, Map("SecuritySchemesOrReferences", securitySchemeOrReference)),
            },
            extensionField: 10);
        schemasOrReferences.DefineMap(entriesField: 1, Message(0, schemaOrReference));
        schemaOrReference.DefineOneOf(value => OrReference(value, reference, schema));
        schema.Define(
            new Dictionary<string, GnosticField>
            {
                ["nullable"] = Bool(1),
                ["discriminator"] = Message(2, discriminator),
                ["readOnly"] = Bool(3),
                ["writeOnly"] = Bool(4),
                ["xml"] = Message(5, xml),
                ["externalDocs"] = Message(6, externalDocs),
                ["example"] = Any(7),
                ["deprecated"] = Bool(8),
                ["title"] = String(9),
                ["multipleOf"] = Double(10),
                ["maximum"] = Double(11),
                ["exclusiveMaximum"] = Bool(12),
                ["minimum"] = Double(13),
                ["exclusiveMinimum"] = Bool(14),
                ["maxLength"] = Int64(15),
                ["minLength"] = Int64(16),
                ["pattern"] = String(17),
                ["maxItems"] = Int64(18),
                ["minItems"] = Int64(19),
                ["uniqueItems"] = Bool(20),
                ["maxProperties"] = Int64(21),
                ["minProperties"] = Int64(22),
                ["required"] = Strings(23),
                ["enum"] = Anys(24),
                ["type"] = String(25),
                ["allOf"] = Messages(26, schemaOrReference),
                ["oneOf"] = Messages(27, schemaOrReference),
                ["anyOf"] = Messages(28, schemaOrReference),
                ["not"] = Message(29, schema),
                ["items"] = List(30, Message(0, schemaOrReference)),
                ["properties"] = Message(31, properties),
                ["additionalProperties"] = Message(32, additionalProperties),
                ["default"] = Message(33, defaultType),
                ["description"] = String(34),
                ["format"] = String(35),
            },
            extensionField: 36);
        properties.DefineMap(entriesField: 1, Message(0, schemaOrReference));
        additionalProperties.DefineOneOf(value => value.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => Bool(2),
            JsonValueKind.Object => Message(1, schemaOrReference),
            _ => null,
        });
        defaultType.DefineOneOf(value => value.GetValueKind() switch
        {
            JsonValueKind.Number => Double(1),
            JsonValueKind.True or JsonValueKind.False => Bool(2),
            JsonValueKind.String => String(3),
            _ => null,
        });
        discriminator.Define(new Dictionary<string, GnosticField> { ["propertyName"] = String(1), ["mapping"] = Message(2, strings) }, extensionField: 3);
        strings.DefineMap(entriesField: 1, String(0));
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

        securityRequirement.DefineMap(entriesField: 1, List(0, String(0)));
        securitySchemeOrReference.DefineOneOf(value => OrReference(value, reference, securityScheme));
        securityScheme.Define(
            new Dictionary<string, GnosticField>
            {
                ["type"] = String(1),
                ["description"] = String(2),
                ["name"] = String(3),
                ["in"] = String(4),
                ["scheme"] = String(5),
                ["bearerFormat"] = String(6),
                ["openIdConnectUrl"] = String(8),
            },
            extensionField: 9);
        return document;
    }

    /// <summary>gnostic's <c>…OrReference</c> one-ofs: a <c>$ref</c> object is the Reference (2), anything else the value (1).</summary>
    private static GnosticField OrReference(JsonNode value, GnosticShape reference, GnosticShape shape) =>
        value is JsonObject properties && properties.ContainsKey("$ref") ? Message(2, reference) : Message(1, shape);

    private static GnosticShape Map(string name, GnosticShape value) => new GnosticShape(name).DefineMap(entriesField: 1, Message(0, value));
}
