using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using MetricsOperator.Tests.Serving.Protobuf;

namespace MetricsOperator.Tests.Serving.Discovery;

/// <summary>protoc with the test's gnostic .proto files: decoding to text, and the descriptors for <see cref="GnosticDecoder"/>.</summary>
internal static class GnosticProto
{
    public const string V2File = "gnostic_v2.proto";
    public const string V3File = "gnostic_v3.proto";
    public const string V2Document = "openapi.v2.Document";
    public const string V3Document = "openapi.v3.Document";

    private static readonly Lazy<Task<GnosticDecoder>> V2 = new(() => DecoderAsync(V2File));
    private static readonly Lazy<Task<GnosticDecoder>> V3 = new(() => DecoderAsync(V3File));

    private static string Directory => Path.Combine(AppContext.BaseDirectory, "Serving", "Discovery", "Proto");

    public static async Task<JsonNode?> DecodeV2Async(byte[] message) => (await V2.Value).Decode(message, V2Document);

    public static async Task<JsonNode?> DecodeV3Async(byte[] message) => (await V3.Value).Decode(message, V3Document);

    /// <summary><c>protoc --decode</c>: the message in text format by the .proto's field names.</summary>
    public static Task<string> DecodeTextAsync(byte[] message, string file, string type) =>
        Protoc.RunAsync(message, $"--proto_path={Directory}", $"--decode={type}", file);

    public static Task<string> DecodeRawAsync(byte[] message) => Protoc.DecodeRawAsync(message);

    private static async Task<GnosticDecoder> DecoderAsync(string file)
    {
        var output = Path.Combine(Path.GetTempPath(), $"gnostic-{Guid.NewGuid():N}.pb");
        try
        {
            await Protoc.RunAsync([], $"--proto_path={Directory}", $"--descriptor_set_out={output}", file);
            return new GnosticDecoder(FileDescriptorSet.Parser.ParseFrom(await File.ReadAllBytesAsync(output)));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
