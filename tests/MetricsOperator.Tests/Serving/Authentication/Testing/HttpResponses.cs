using System.Text.Json;

namespace MetricsOperator.Tests.Serving.Authentication.Testing;

internal static class HttpResponses
{
    public static async Task<EchoedCaller> EchoedCallerAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"expected success, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<EchoedCaller>(body) ?? throw new InvalidDataException("empty echo");
    }

    /// <summary>Sends <paramref name="request"/> with the client's default HTTP version and policy (which only its helpers apply).</summary>
    public static Task<HttpResponseMessage> SendExactAsync(this HttpClient client, HttpRequestMessage request)
    {
        request.Version = client.DefaultRequestVersion;
        request.VersionPolicy = client.DefaultVersionPolicy;
        return client.SendAsync(request);
    }

    public static HttpRequestMessage Get(string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
