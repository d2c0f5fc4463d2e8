using System.Buffers;
using System.Text;
using MetricsOperator.Serving.Responses;

namespace MetricsOperator.Tests.Serving.Responses;

/// <summary>The one Status writer of the serving port: the API server's field order, quotes and non-ASCII as it writes them, and its headers.</summary>
public sealed class KubernetesStatusTests
{
    [Test]
    public void A_denial_is_written_as_the_api_server_writes_it()
    {
        var status = KubernetesStatus.Forbidden(
            "pods.metrics.k8s.io \"web-0\" is forbidden: User \"u\" cannot get resource \"pods\"",
            new StatusDetails("web-0", "metrics.k8s.io", "pods"));

        Assert.That(Body(status), Is.EqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"pods.metrics.k8s.io \\\"web-0\\\" is forbidden: User \\\"u\\\" cannot get resource \\\"pods\\\"\","
            + "\"reason\":\"Forbidden\",\"details\":{\"name\":\"web-0\",\"group\":\"metrics.k8s.io\",\"kind\":\"pods\"},\"code\":403}"));
    }

    [Test]
    public void Without_details_there_is_no_details_field_and_non_ascii_stays_utf8()
    {
        Assert.That(Body(KubernetesStatus.BadRequest("window 1µs")), Is.EqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"window 1µs\",\"reason\":\"BadRequest\",\"code\":400}"));
    }

    [Test]
    public async Task Written_to_a_response_it_sets_code_type_and_the_api_servers_headers()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await KubernetesStatus.Unauthorized().WriteAsync(context.Response);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(401));
            Assert.That(context.Response.ContentType, Is.EqualTo("application/json"));
            Assert.That(context.Response.Headers.CacheControl.ToString(), Is.EqualTo("no-cache, private"));
            Assert.That(context.Response.Headers.XContentTypeOptions.ToString(), Is.EqualTo("nosniff"));
            Assert.That(Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()), Does.Contain("\"reason\":\"Unauthorized\""));
        });
    }

    private static string Body(KubernetesStatus status)
    {
        var buffer = new ArrayBufferWriter<byte>();
        status.WriteTo(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
