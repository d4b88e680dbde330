namespace Romp.Generators.Tests.Support;

/// <summary>Pieces of test source that many tests share.</summary>
internal static class TestSource
{
    /// <summary>The usings most test sources need, then <c>namespace Demo;</c>.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Romp;

        namespace Demo;

        """;
}
