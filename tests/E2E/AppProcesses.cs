using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Growbin.E2E.Tests;

/// <summary>How an app process was started: enough to start it again the same way.</summary>
/// <param name="AppId">From its <c>APP_ID</c>.</param>
/// <param name="Pid">The process that was killed.</param>
/// <param name="Executable">/proc/&lt;pid&gt;/exe.</param>
/// <param name="Arguments">/proc/&lt;pid&gt;/cmdline without argv[0].</param>
/// <param name="WorkingDirectory">/proc/&lt;pid&gt;/cwd: the app's <c>appDirPath</c>.</param>
/// <param name="Environment">/proc/&lt;pid&gt;/environ: what the dapr CLI gave it.</param>
public sealed record AppProcessImage(
    string AppId, int Pid, string Executable, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment);

/// <summary>An app process a test started itself; killed (with its children) on dispose.</summary>
public sealed class RestartedApp(Process process, string logPath, StreamWriter log) : IAsyncDisposable
{
    public Process Process { get; } = process;

    public string LogPath { get; } = logPath;

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        using (var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await Process.WaitForExitAsync(exited.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed; the kernel finishes it whether or not we watch.
            }
        }

        Process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }
}

/// <summary>
/// Linux process plumbing with nothing but /proc (no lsof, fuser or ss, which a Debian base image lacks): who listens on
/// a TCP port, how that process was started, and starting it again.
/// </summary>
public static class AppProcesses
{
    private const string Listen = "0A"; // TCP_LISTEN in /proc/net/tcp's "st" column (include/net/tcp_states.h)

    /// <summary>The process with a socket listening on <paramref name="port"/> (IPv4 or IPv6), or null.</summary>
    public static int? ListeningPid(int port)
    {
        var inodes = ListeningInodes(port);
        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    // A socket's fd links to "socket:[<inode>]" (proc(5)).
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && inodes.Contains(target["socket:[".Length..^1]))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // Another user's process, or one that just ended.
            }
        }

        return null;
    }

    public static AppProcessImage Read(int pid)
    {
        var proc = $"/proc/{pid}";
        var argv = Split(File.ReadAllBytes($"{proc}/cmdline"));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Split(File.ReadAllBytes($"{proc}/environ")))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment[entry[..equals]] = entry[(equals + 1)..]; // the last one wins, as with exec
            }
        }

        return new AppProcessImage(
            environment.GetValueOrDefault("APP_ID", ""),
            pid,
            new FileInfo($"{proc}/exe").LinkTarget ?? argv[0],
            argv.Skip(1).ToList(),
            new DirectoryInfo($"{proc}/cwd").LinkTarget ?? throw new InvalidOperationException($"No working directory for process {pid}."),
            environment);
    }

    /// <summary>SIGKILL — a crash, nothing is drained — then waits (bounded) until the process is gone and the port is free.</summary>
    public static async Task KillAsync(AppProcessImage image, int port)
    {
        try
        {
            using var process = Process.GetProcessById(image.Pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }

        var (gone, _) = await Eventually.UntilAsync(_ => Task.FromResult(!Alive(image.Pid) && ListeningPid(port) is null), g => g, TimeSpan.FromSeconds(30));
        if (!gone)
        {
            throw new InvalidOperationException($"{image.AppId} (process {image.Pid}) still holds port {port} after SIGKILL.");
        }
    }

    /// <summary>Starts the process again from its image; its output goes to a log next to the dapr CLI's (<c>.dapr/logs</c>).</summary>
    public static RestartedApp Start(AppProcessImage image)
    {
        var logs = Path.Combine(image.WorkingDirectory, ".dapr", "logs");
        Directory.CreateDirectory(logs);
        var logPath = Path.Combine(logs, $"{image.AppId}_app_restarted_{DateTime.UtcNow:yyyyMMddHHmmss}.log");
        var log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };

        var start = new ProcessStartInfo(image.Executable)
        {
            WorkingDirectory = image.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in image.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in image.Environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {image.Executable}.");
        DataReceivedEventHandler write = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    try
                    {
                        log.WriteLine(e.Data);
                    }
                    catch (ObjectDisposedException)
                    {
                        // The run is over.
                    }
                }
            }
        };
        process.OutputDataReceived += write;
        process.ErrorDataReceived += write;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RestartedApp(process, logPath, log);
    }

    private static HashSet<string> ListeningInodes(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …", addresses as HEXIP:HEXPORT.
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == Listen && fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && fields[9] != "0")
                {
                    inodes.Add(fields[9]);
                }
            }
        }

        return inodes;
    }

    private static bool Alive(int pid)
    {
        // Gone, or a zombie its parent (the dapr CLI, which waits on it) has not reaped yet.
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static List<string> Split(byte[] nulSeparated) =>
        Encoding.UTF8.GetString(nulSeparated).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
}
