using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chain.Bench;

/// <summary>
/// nginx configured as the same reverse proxy as the gateway for one service: HTTP/1.1 to the upstream
/// with a keep-alive pool, no access log, one worker per core. The yardstick for the gateway's overhead.
/// </summary>
internal sealed class Nginx : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;

    public Uri Address { get; }

    private Nginx(Process process, string prefix, Uri address)
    {
        _process = process;
        _prefix = prefix;
        Address = address;
    }

    public static async Task<Nginx> StartAsync(Uri upstream)
    {
        var binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new BenchSetupException("nginx is not installed.", "sudo apt-get install nginx (it need not run; the benchmark starts its own).");
        var port = FreePort();
        var prefix = Directory.CreateTempSubdirectory("chain-bench-nginx-").FullName;
        var user = Environment.UserName == "root" ? "user nobody nogroup;" : "";
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), $$"""
            {{user}}
            worker_processes auto;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              upstream service {
                server {{upstream.Host}}:{{upstream.Port}};
                keepalive 128;
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://service;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                  proxy_set_header X-Forwarded-For $remote_addr;
                  proxy_set_header X-Forwarded-Proto $scheme;
                }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;" },
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var address = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient();
        for (var i = 0; i < 50; i++)
        {
            if (process.HasExited)
            {
                throw new BenchSetupException($"nginx exited: {await process.StandardError.ReadToEndAsync()}", $"See {prefix}/nginx.conf.");
            }

            try
            {
                using var _ = await probe.GetAsync(new Uri(address, "/alive"));
                return new Nginx(process, prefix, address);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new BenchSetupException("nginx did not answer within 5 s.", $"See {prefix}/error.log.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
