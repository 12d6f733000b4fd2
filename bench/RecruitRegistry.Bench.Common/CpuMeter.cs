using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace RecruitRegistry.Bench.Common;

/// <summary>
/// CPU time used by this process and by the PostgreSQL cluster the benchmark started (its postmaster, named by
/// <c>$RECRUIT_PG_DATA/postmaster.pid</c>, and the postmaster's children: backends, writers), read from /proc. Divided by
/// the calls of a phase, it tells what one call costs whatever the machine's other tenants took meanwhile: on these
/// shared cores the rates swing by 3x from one phase to the next, the CPU a call needs much less.
/// </summary>
public sealed class CpuMeter
{
    private readonly int? postmaster = ReadPostmaster();

    /// <summary>This process's CPU time and the cluster's, now.</summary>
    public (TimeSpan Process, TimeSpan Database) Read()
    {
        var process = Process.GetCurrentProcess().TotalProcessorTime;
        return (process, postmaster is { } pid ? DatabaseCpu(pid) : TimeSpan.Zero);
    }

    /// <summary>
    /// The context switches of this process's threads so far, those that ended included (getrusage): each is a thread
    /// that went to sleep or was put off the core, and on these virtual cores each costs microseconds of the kernel's
    /// and the hypervisor's time.
    /// </summary>
    public static long ContextSwitches()
    {
        // struct rusage on 64-bit Linux: two timevals (two longs each), then 14 longs; ru_nvcsw and ru_nivcsw are the last two.
        Span<long> usage = stackalloc long[18];
        if (GetRusage(0, ref MemoryMarshal.GetReference(usage)) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return usage[16] + usage[17];
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRusage(int who, ref long usage);

    private static int? ReadPostmaster()
    {
        var data = Environment.GetEnvironmentVariable("RECRUIT_PG_DATA");
        var file = data is null ? null : Path.Combine(data, "postmaster.pid");
        return file is not null && File.Exists(file) && int.TryParse(File.ReadLines(file).First(), out var pid) ? pid : null;
    }

    private static TimeSpan DatabaseCpu(int postmaster)
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // the process ended meanwhile
            }

            // "pid (comm) state ppid … utime stime cutime cstime …", counted from the state after the command's ")". A child
            // that ended has its time moved to the postmaster's cutime and cstime, so those count too and the sum never drops.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (pid == postmaster || parent == postmaster)
            {
                ticks += Field(11) + Field(12);
            }

            if (pid == postmaster)
            {
                ticks += Field(13) + Field(14);
            }

            long Field(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
        }

        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ: 100 on Linux
    }
}
