// Compiled into both the generator, which decides these facts for every statement at build
// time, and the CLI, whose runners act on them: the CLI keeps no list of its own.
using System;

namespace CocktailDb.Ops.Shared;

/// <summary>What running a statement needs, as the build read it from the statement's words.</summary>
[Flags]
internal enum StatementFacts
{
    None = 0,

    /// <summary>PostgreSQL refuses it inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, DISCARD ALL...), so it runs alone.</summary>
    RunsAlone = 1,

    /// <summary>BEGIN, COMMIT, ROLLBACK, START TRANSACTION, END...: it controls the transaction itself.</summary>
    ControlsTransaction = 2,

    /// <summary>SET or RESET of a session setting: it changes nothing but the session, so a resumed run repeats it.</summary>
    SessionSetting = 4,
}
