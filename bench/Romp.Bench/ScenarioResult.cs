namespace Romp.Bench;

/// <summary>One measured scenario: a row of the table and a line of the JSON file. <see cref="Note"/> says what a misleading name really measures.</summary>
internal sealed record ScenarioResult(
    string Scenario,
    string Transport,
    double Rate,
    string Unit,
    double? P50Microseconds,
    double? P99Microseconds,
    double ClientBytesPerOp,
    double? ServerBytesPerOp,
    long Operations,
    double Seconds,
    string? Note = null);
