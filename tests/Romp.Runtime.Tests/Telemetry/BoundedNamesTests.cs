using Romp.Telemetry;

namespace Romp.Tests.Telemetry;

/// <summary>A peer's exception type names become metric attribute values only up to a bound.</summary>
[TestFixture]
public sealed class BoundedNamesTests
{
    [Test]
    public void Get_PastTheBound_NewNamesAreOtherAndKnownNamesStay()
    {
        var names = new BoundedNames(maxNames: 3, maxLength: 64);

        string[] first = new[] { "A.One", "A.Two", "A.Three" }.Select(names.Get).ToArray();
        string fourth = names.Get("A.Four");

        Assert.That(first, Is.EqualTo(new[] { "A.One", "A.Two", "A.Three" }));
        Assert.That(fourth, Is.EqualTo("_OTHER"));
        Assert.That(names.Get("A.Two"), Is.EqualTo("A.Two"));
    }

    [Test]
    public void Get_OverlongName_IsOtherAndTakesNoPlace()
    {
        var names = new BoundedNames(maxNames: 1, maxLength: 8);

        Assert.That(names.Get(new string('x', 9)), Is.EqualTo("_OTHER"));
        Assert.That(names.Get("Short"), Is.EqualTo("Short"));
    }
}
