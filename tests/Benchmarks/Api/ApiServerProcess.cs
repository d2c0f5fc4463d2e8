using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using k8s;
using MetricsOperator.Hosting;
using MetricsOperator.Serving.Api;
using MetricsOperator.Serving.Authentication;
using MetricsOperator.Serving.Authorization;
using MetricsOperator.Serving.Diagnostics;
using MetricsOperator.Serving.Protobuf;
using MetricsOperator.Serving.Tls;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Console;

namespace MetricsOperator.Benchmarks.Api;

/// <summary>
/// The server under test of <c>api</c>: the W5k <see cref="ApiClusterData"/> behind the operator's serving stack
/// (HTTPS, request metrics, x509 client-certificate authentication against <c>--client-ca</c>, authorization, the
/// metrics API with JSON and protobuf, <c>/metrics</c>) on 127.0.0.1, behind a <see cref="ServerLatencyRecorder"/>.
/// Prints <c>port N</c> when ready; each <c>round</c> line on stdin stores one more round for every node and answers
/// <c>round-ms X</c>; <c>latency-reset</c> and <c>latency</c> start and report a phase's server-side latency; it
/// exits when stdin closes.
/// </summary>
internal static class ApiServerProcess
{
    public const string Mode = "api-server-process";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count != 3)
        {
            await Console.Error.WriteLineAsync("usage: api-server-process <tls.crt> <tls.key> <client-ca.crt>");
            return 2;
        }

        using var data = new ApiClusterData();
        using var serving = X509Certificate2.CreateFromPemFile(args[0], args[1]);
        var builder = WebApplication.CreateSlimBuilder();
        // The operator's logging (its console logger and category levels, which decide what a request logs), on
        // stderr: stdout carries this process's answers to the harness.
        OperatorLogging.Configure(builder.Logging, LogFormat.Text);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(data.Store);
        builder.Services.AddSingleton(data.PodCache);
        builder.Services.AddSingleton(data.NodeCache);
        // Never called: the benchmark's client is in system:masters, which needs no SubjectAccessReview.
        builder.Services.AddSingleton<IKubernetes>(_ => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" }));
        // As the operator's pipeline (ServingRegistration): request metrics first, and a /metrics collector listening.
        builder.Services.AddOperatorMetrics();
        builder.Services.AddKubernetesAuthentication(new KubernetesAuthenticationOptions { ClientCaFile = args[2], AllowAnonymous = false });
        builder.Services.AddKubernetesAuthorization();
        builder.Services.AddMetricsApi();
        builder.Services.AddProtobufMetricsRepresentation();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = serving;
                https.UseKubernetesClientCertificates(kestrel.ApplicationServices);
            });
            listen.UseFullSizeTlsRecords();
        }));
        await using var app = builder.Build();
        _ = app.Services.GetRequiredService<OperatorMetricsCollector>();
        var latency = new ServerLatencyRecorder();
        app.Use(latency.InvokeAsync);
        app.UseApiRequestMetrics();
        app.UseKubernetesAuthentication();
        app.UseKubernetesAuthorization();
        app.MapOperatorMetrics();
        app.MapMetricsApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Console.WriteLine($"port {new Uri(address).Port}");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            switch (line)
            {
                case "round":
                    Console.WriteLine("round-ms " + data.StoreNextRound().TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
                    break;
                case ServerLatencyRecorder.ResetCommand:
                    latency.Reset();
                    break;
                case ServerLatencyRecorder.ReportCommand:
                    foreach (var reportLine in latency.Report())
                    {
                        Console.WriteLine(reportLine);
                    }

                    break;
            }
        }

        await app.StopAsync();
        return 0;
    }
}
