using MetricsOperator.KubeletFarm;
using MetricsOperator.SimulatedCluster.ControlPlane;
using MetricsOperator.SimulatedCluster.Kubelets;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricsOperator.SimulatedCluster.Sandbox;

/// <summary>
/// `make demo`: the stand-in, the simulated kubelets and their Nodes and Pods, the admin kubeconfig, the manifests'
/// CRD and RBAC applied with kubectl --server-side, the operator process(es) with their ServiceAccount token, the
/// sample, then a wait for `kubectl top node`. Runs until cancelled (Ctrl-C) and then stops everything it started.
/// </summary>
internal sealed class SandboxRunner
{
    private readonly SandboxOptions _options;
    private readonly TextWriter _out;

    public SandboxRunner(SandboxOptions options, TextWriter output)
    {
        _options = options;
        _out = output;
    }

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        var kubeconfig = Path.GetFullPath(_options.Kubeconfig);
        var directory = Path.GetDirectoryName(kubeconfig)!;
        Directory.CreateDirectory(directory);
        await using var standIn = await ClusterStandIn.StartAsync(new ClusterStandInOptions(), NullLoggerFactory.Instance, stopping);
        var webhook = new KubeletWebhookAuth(standIn.Security.TokenReviews, standIn.Security.SubjectAccessReviews);
        await using var farm = await KubeletFarmHost.StartAsync(
            new KubeletFarmOptions
            {
                NodeCount = _options.Nodes,
                Workload = new WorkloadShape { PodsPerNode = _options.PodsPerNode },
                CertificateAuthority = standIn.Authorities.ClusterCa,
                TokenValidator = webhook.ValidateAsync,
            },
            stopping);
        var pods = WorkloadRegistration.RegisterFarm(standIn.State, farm);
        var seeded = _options.Seed is null ? 0 : WorkloadRegistration.RegisterSeed(standIn.State, _options.Seed);
        _out.WriteLine($"sandbox: control plane at {standIn.Url}, {farm.Nodes.Count} simulated kubelets, {pods} pods, {seeded} seeded objects");

        using (var admin = standIn.Authorities.IssueClientCertificate("kubernetes-admin", ["system:masters"]))
        {
            SandboxKubeconfig.WithCertificate(kubeconfig, standIn.Url, standIn.Authorities.ClusterCa.CertificatePem, "admin", admin);

            // As the kustomization's namespace transformer (unsetOnly): manifests without a namespace land in the operator's.
            SandboxKubeconfig.WithCertificate(Path.Combine(directory, "install.kubeconfig"), standIn.Url, standIn.Authorities.ClusterCa.CertificatePem, "admin", admin, OperatorProcess.Namespace);
        }

        UserCertificates.Publish(standIn.Authorities.ClientCa, directory);
        var kubectl = new KubectlTool(kubeconfig);
        var installer = new KubectlTool(Path.Combine(directory, "install.kubeconfig"));
        var manifests = Path.Combine(_options.Repository, "manifests");
        await ApplyAsync(installer, stopping, Path.Combine(manifests, "namespace.yaml"), Path.Combine(manifests, "crd"), Path.Combine(manifests, "rbac"));

        var operators = new List<OperatorProcess>();
        try
        {
            await StartOperatorsAsync(standIn, directory, operators);
            if (!_options.NoSample)
            {
                await ApplyAsync(kubectl, stopping, Path.Combine(manifests, "samples", "metricsbackend.yaml"));
            }

            var ready = await WaitForTopAsync(kubectl, stopping);
            _out.WriteLine($"export KUBECONFIG={kubeconfig}");
            _out.WriteLine(ready ? "sandbox ready" : "sandbox up, but `kubectl top node` does not answer yet: see the operator logs in " + directory);
            _out.WriteLine("try: kubectl get mb; kubectl top node; kubectl top pod -A; kubectl get apiservice v1beta1.metrics.k8s.io");
            await Task.Delay(Timeout.Infinite, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }
        finally
        {
            foreach (var process in operators)
            {
                await process.DisposeAsync();
            }
        }
    }

    private async Task StartOperatorsAsync(ClusterStandIn standIn, string directory, List<OperatorProcess> operators)
    {
        if (_options.Operators == 0)
        {
            return;
        }

        var assembly = OperatorProcess.FindAssembly(_options.Repository);
        if (assembly is null)
        {
            _out.WriteLine("sandbox: operator/bin/*/net10.0/metrics-operator.dll not found (run `make build`); no operator started");
            return;
        }

        var token = standIn.Security.Tokens.Mint(OperatorProcess.Namespace, OperatorProcess.ServiceAccount);
        var operatorKubeconfig = Path.Combine(directory, "operator.kubeconfig");
        SandboxKubeconfig.WithToken(operatorKubeconfig, standIn.Url, standIn.Authorities.ClusterCa.CertificatePem, "metrics-operator", token);
        for (var i = 0; i < _options.Operators; i++)
        {
            operators.Add(OperatorProcess.Start(standIn.State, assembly, operatorKubeconfig, i, directory));
        }

        await Task.CompletedTask;
    }

    private async Task ApplyAsync(KubectlTool kubectl, CancellationToken stopping, params string[] paths)
    {
        foreach (var path in paths.Where(p => File.Exists(p) || Directory.Exists(p)))
        {
            var (exit, output, error) = await kubectl.RunAsync(stopping, "apply", "--server-side", "-f", path);
            _out.Write(output);
            if (exit != 0)
            {
                throw new InvalidOperationException($"kubectl apply --server-side -f {path} failed: {error.Trim()}");
            }
        }

        foreach (var missing in paths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
        {
            _out.WriteLine($"sandbox: {missing} not found, not applied");
        }
    }

    private static async Task<bool> WaitForTopAsync(KubectlTool kubectl, CancellationToken stopping)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (DateTimeOffset.UtcNow < deadline && !stopping.IsCancellationRequested)
        {
            if ((await kubectl.RunAsync(stopping, "top", "node")).ExitCode == 0)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return false;
    }
}
