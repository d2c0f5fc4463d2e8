using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MetricsOperator.KubeletFarm;

namespace MetricsOperator.Tests.Scraping;

/// <summary>
/// A TLS server on loopback that answers each connection with a script, byte for byte, so a test can send what no
/// well-behaved server would: a close instead of an answer, broken framing, a corrupt gzip body.
/// </summary>
internal sealed class ScriptedKubelet : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("scripted-kubelet-ca");
    private readonly X509Certificate2 _certificate;
    private readonly Func<Connection, Task> _script;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    /// <param name="script">Runs once per accepted connection, which is closed when it returns.</param>
    public ScriptedKubelet(Func<Connection, Task> script)
    {
        _script = script;
        _certificate = _ca.IssueServerCertificate("scripted", [IPAddress.Loopback]);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Uri => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/metrics/resource");

    public int Accepted => Volatile.Read(ref _accepted);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(static _ => { }, TaskScheduler.Default);
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).ContinueWith(static _ => { }, TaskScheduler.Default);
        _certificate.Dispose();
        _ca.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            var index = Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                _connections.Add(ServeAsync(client, index));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, int index)
    {
        using (client)
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(_certificate);
            await _script(new Connection(tls, index, _stopping.Token));
        }
    }

    /// <summary>One accepted connection, as its script sees it.</summary>
    internal sealed class Connection(SslStream stream, int index, CancellationToken stopping)
    {
        private readonly List<byte> _received = [];

        /// <summary>1 for the first connection accepted.</summary>
        public int Index => index;

        public CancellationToken Stopping => stopping;

        /// <summary>Reads one request head; null when the client closed the connection instead.</summary>
        public async Task<string?> ReadRequestAsync()
        {
            var buffer = new byte[1024];
            while (true)
            {
                var text = Encoding.ASCII.GetString([.. _received]);
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    _received.RemoveRange(0, end + 4);
                    return text[..(end + 4)];
                }

                int read;
                try
                {
                    read = await stream.ReadAsync(buffer, stopping);
                }
                catch (IOException)
                {
                    return null;
                }

                if (read == 0)
                {
                    return null;
                }

                _received.AddRange(buffer.AsSpan(0, read));
            }
        }

        public async Task SendAsync(string response) => await SendAsync(Encoding.ASCII.GetBytes(response));

        public async Task SendAsync(byte[] response)
        {
            await stream.WriteAsync(response, stopping);
            await stream.FlushAsync(stopping);
        }

        /// <summary>Answers every request with <paramref name="response"/> until the client closes.</summary>
        public async Task AnswerAllAsync(string response)
        {
            while (await ReadRequestAsync() is not null)
            {
                await SendAsync(response);
            }
        }
    }
}
