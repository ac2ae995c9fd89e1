namespace CocktailDb.Ops.Host.Tests.Soak;

/// <summary>
/// How often each fault happens in a soak. Per host and schedule, the stand-in job is told to
/// work for <see cref="Duration"/> seconds, to trap SIGTERM and exit 0 (<see cref="Trap"/>), to
/// run a statement of <see cref="StatementSeconds"/> first (<see cref="Statement"/>), to run past
/// its TimeoutStartSec= (<see cref="Timeout"/>) or to fail (<see cref="Fail"/>). Every quarter
/// second a running job is stopped, restarted or SIGKILLed with probability
/// <see cref="JobFault"/> and a database session dropped with probability
/// <see cref="Terminate"/>. Per schedule a host reboots, mid-run where a job runs
/// (<see cref="Reboot"/>), PostgreSQL restarts (<see cref="PostgresRestart"/>), or the writers
/// pause for the whole schedule, longer than the quiet period (<see cref="Quiet"/>).
/// </summary>
internal sealed record FaultMix(
    string Name,
    double Trap,
    double Statement,
    double Timeout,
    double Fail,
    double JobFault,
    double Terminate,
    double Reboot,
    double PostgresRestart,
    double Quiet,
    (double Stop, double Restart, double Kill) Verbs,
    (double Min, double Max) Duration,
    (double Min, double Max) StatementSeconds)
{
    /// <summary>Every fault, at random: the soak of the product.</summary>
    public static readonly FaultMix Random = new("random", 0.3, 0.3, 0.1, 0.15, 0.1, 0.15, 0.05, 0.04, 0.15, (0.45, 0.2, 0.35), (0, 2), (1, 5));

    /// <summary>Jobs that answer a stop request with exit 0, stopped while they run.</summary>
    public static readonly FaultMix StoppedJobsThatExit0 = new("stops of jobs that exit 0 on SIGTERM", 1, 0, 0, 0, 0.2, 0, 0, 0, 0, (0.7, 0.3, 0), (3, 5), (0, 0));

    /// <summary>Jobs killed while their long statement runs in the database.</summary>
    public static readonly FaultMix KilledDuringStatements = new("kills during long statements", 0, 1, 0, 0, 0.2, 0, 0, 0, 0, (0.3, 0, 0.7), (0, 0.5), (6, 10));
}
