using System.ComponentModel;
namespace Romp.CompilerServices;

// Value tuples travel as their elements in order, with no header: a tuple is never null.

/// <summary>Formats <c>ValueTuple</c> of 2 elements as the elements in order.</summary>
/// <typeparam name="T1">Element type 1.</typeparam>
/// <typeparam name="T2">Element type 2.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ValueTupleFormatter<T1, T2> : IRompFormatter<ValueTuple<T1, T2>>
{
    private readonly IRompFormatter<T1> _f1;
    private readonly IRompFormatter<T2> _f2;

    /// <summary>Creates the formatter from one formatter per element.</summary>
    public ValueTupleFormatter(IRompFormatter<T1> f1, IRompFormatter<T2> f2)
    {
        _f1 = f1;
        _f2 = f2;
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, ValueTuple<T1, T2> value)
    {
        _f1.Write(ref writer, value.Item1);
        _f2.Write(ref writer, value.Item2);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2> Read(ref RompReader reader)
    {
        T1 item1 = _f1.Read(ref reader);
        T2 item2 = _f2.Read(ref reader);
        return (item1, item2);
    }
}

/// <summary>Formats <c>ValueTuple</c> of 3 elements as the elements in order.</summary>
/// <typeparam name="T1">Element type 1.</typeparam>
/// <typeparam name="T2">Element type 2.</typeparam>
/// <typeparam name="T3">Element type 3.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ValueTupleFormatter<T1, T2, T3> : IRompFormatter<ValueTuple<T1, T2, T3>>
{
    private readonly IRompFormatter<T1> _f1;
    private readonly IRompFormatter<T2> _f2;
    private readonly IRompFormatter<T3> _f3;

    /// <summary>Creates the formatter from one formatter per element.</summary>
    public ValueTupleFormatter(IRompFormatter<T1> f1, IRompFormatter<T2> f2, IRompFormatter<T3> f3)
    {
        _f1 = f1;
        _f2 = f2;
        _f3 = f3;
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, ValueTuple<T1, T2, T3> value)
    {
        _f1.Write(ref writer, value.Item1);
        _f2.Write(ref writer, value.Item2);
        _f3.Write(ref writer, value.Item3);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3> Read(ref RompReader reader)
    {
        T1 item1 = _f1.Read(ref reader);
        T2 item2 = _f2.Read(ref reader);
        T3 item3 = _f3.Read(ref reader);
        return (item1, item2, item3);
    }
}

/// <summary>Formats <c>ValueTuple</c> of 4 elements as the elements in order.</summary>
/// <typeparam name="T1">Element type 1.</typeparam>
/// <typeparam name="T2">Element type 2.</typeparam>
/// <typeparam name="T3">Element type 3.</typeparam>
/// <typeparam name="T4">Element type 4.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ValueTupleFormatter<T1, T2, T3, T4> : IRompFormatter<ValueTuple<T1, T2, T3, T4>>
{
    private readonly IRompFormatter<T1> _f1;
    private readonly IRompFormatter<T2> _f2;
    private readonly IRompFormatter<T3> _f3;
    private readonly IRompFormatter<T4> _f4;

    /// <summary>Creates the formatter from one formatter per element.</summary>
    public ValueTupleFormatter(IRompFormatter<T1> f1, IRompFormatter<T2> f2, IRompFormatter<T3> f3, IRompFormatter<T4> f4)
    {
        _f1 = f1;
        _f2 = f2;
        _f3 = f3;
        _f4 = f4;
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, ValueTuple<T1, T2, T3, T4> value)
    {
        _f1.Write(ref writer, value.Item1);
        _f2.Write(ref writer, value.Item2);
        _f3.Write(ref writer, value.Item3);
        _f4.Write(ref writer, value.Item4);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3, T4> Read(ref RompReader reader)
    {
        T1 item1 = _f1.Read(ref reader);
        T2 item2 = _f2.Read(ref reader);
        T3 item3 = _f3.Read(ref reader);
        T4 item4 = _f4.Read(ref reader);
        return (item1, item2, item3, item4);
    }
}

/// <summary>Formats <c>ValueTuple</c> of 5 elements as the elements in order.</summary>
/// <typeparam name="T1">Element type 1.</typeparam>
/// <typeparam name="T2">Element type 2.</typeparam>
/// <typeparam name="T3">Element type 3.</typeparam>
/// <typeparam name="T4">Element type 4.</typeparam>
/// <typeparam name="T5">Element type 5.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ValueTupleFormatter<T1, T2, T3, T4, T5> : IRompFormatter<ValueTuple<T1, T2, T3, T4, T5>>
{
    private readonly IRompFormatter<T1> _f1;
    private readonly IRompFormatter<T2> _f2;
    private readonly IRompFormatter<T3> _f3;
    private readonly IRompFormatter<T4> _f4;
    private readonly IRompFormatter<T5> _f5;

    /// <summary>Creates the formatter from one formatter per element.</summary>
    public ValueTupleFormatter(IRompFormatter<T1> f1, IRompFormatter<T2> f2, IRompFormatter<T3> f3, IRompFormatter<T4> f4, IRompFormatter<T5> f5)
    {
        _f1 = f1;
        _f2 = f2;
        _f3 = f3;
        _f4 = f4;
        _f5 = f5;
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, ValueTuple<T1, T2, T3, T4, T5> value)
    {
        _f1.Write(ref writer, value.Item1);
        _f2.Write(ref writer, value.Item2);
        _f3.Write(ref writer, value.Item3);
        _f4.Write(ref writer, value.Item4);
        _f5.Write(ref writer, value.Item5);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3, T4, T5> Read(ref RompReader reader)
    {
        T1 item1 = _f1.Read(ref reader);
        T2 item2 = _f2.Read(ref reader);
        T3 item3 = _f3.Read(ref reader);
        T4 item4 = _f4.Read(ref reader);
        T5 item5 = _f5.Read(ref reader);
        return (item1, item2, item3, item4, item5);
    }
}

/// <summary>Formats <c>ValueTuple</c> of 6 elements as the elements in order.</summary>
/// <typeparam name="T1">Element type 1.</typeparam>
/// <typeparam name="T2">Element type 2.</typeparam>
/// <typeparam name="T3">Element type 3.</typeparam>
/// <typeparam name="T4">Element type 4.</typeparam>
/// <typeparam name="T5">Element type 5.</typeparam>
/// <typeparam name="T6">Element type 6.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6> : IRompFormatter<ValueTuple<T1, T2, T3, T4, T5, T6>>
{
    private readonly IRompFormatter<T1> _f1;
    private readonly IRompFormatter<T2> _f2;
    private readonly IRompFormatter<T3> _f3;
    private readonly IRompFormatter<T4> _f4;
    private readonly IRompFormatter<T5> _f5;
    private readonly IRompFormatter<T6> _f6;

    /// <summary>Creates the formatter from one formatter per element.</summary>
    public ValueTupleFormatter(IRompFormatter<T1> f1, IRompFormatter<T2> f2, IRompFormatter<T3> f3, IRompFormatter<T4> f4, IRompFormatter<T5> f5, IRompFormatter<T6> f6)
    {
        _f1 = f1;
        _f2 = f2;
        _f3 = f3;
        _f4 = f4;
        _f5 = f5;
        _f6 = f6;
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6> value)
    {
        _f1.Write(ref writer, value.Item1);
        _f2.Write(ref writer, value.Item2);
        _f3.Write(ref writer, value.Item3);
        _f4.Write(ref writer, value.Item4);
        _f5.Write(ref writer, value.Item5);
        _f6.Write(ref writer, value.Item6);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3, T4, T5, T6> Read(ref RompReader reader)
    {
        T1 item1 = _f1.Read(ref reader);
        T2 item2 = _f2.Read(ref reader);
        T3 item3 = _f3.Read(ref reader);
        T4 item4 = _f4.Read(ref reader);
        T5 item5 = _f5.Read(ref reader);
        T6 item6 = _f6.Read(ref reader);
        return (item1, item2, item3, item4, item5, item6);
    }
}

/// <summary>Formats <c>ValueTuple</c> of 7 elements as the elements in order.</summary>
/// <typeparam name="T1">Element type 1.</typeparam>
/// <typeparam name="T2">Element type 2.</typeparam>
/// <typeparam name="T3">Element type 3.</typeparam>
/// <typeparam name="T4">Element type 4.</typeparam>
/// <typeparam name="T5">Element type 5.</typeparam>
/// <typeparam name="T6">Element type 6.</typeparam>
/// <typeparam name="T7">Element type 7.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ValueTupleFormatter<T1, T2, T3, T4, T5, T6, T7> : IRompFormatter<ValueTuple<T1, T2, T3, T4, T5, T6, T7>>
{
    private readonly IRompFormatter<T1> _f1;
    private readonly IRompFormatter<T2> _f2;
    private readonly IRompFormatter<T3> _f3;
    private readonly IRompFormatter<T4> _f4;
    private readonly IRompFormatter<T5> _f5;
    private readonly IRompFormatter<T6> _f6;
    private readonly IRompFormatter<T7> _f7;

    /// <summary>Creates the formatter from one formatter per element.</summary>
    public ValueTupleFormatter(IRompFormatter<T1> f1, IRompFormatter<T2> f2, IRompFormatter<T3> f3, IRompFormatter<T4> f4, IRompFormatter<T5> f5, IRompFormatter<T6> f6, IRompFormatter<T7> f7)
    {
        _f1 = f1;
        _f2 = f2;
        _f3 = f3;
        _f4 = f4;
        _f5 = f5;
        _f6 = f6;
        _f7 = f7;
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, ValueTuple<T1, T2, T3, T4, T5, T6, T7> value)
    {
        _f1.Write(ref writer, value.Item1);
        _f2.Write(ref writer, value.Item2);
        _f3.Write(ref writer, value.Item3);
        _f4.Write(ref writer, value.Item4);
        _f5.Write(ref writer, value.Item5);
        _f6.Write(ref writer, value.Item6);
        _f7.Write(ref writer, value.Item7);
    }

    /// <inheritdoc />
    public ValueTuple<T1, T2, T3, T4, T5, T6, T7> Read(ref RompReader reader)
    {
        T1 item1 = _f1.Read(ref reader);
        T2 item2 = _f2.Read(ref reader);
        T3 item3 = _f3.Read(ref reader);
        T4 item4 = _f4.Read(ref reader);
        T5 item5 = _f5.Read(ref reader);
        T6 item6 = _f6.Read(ref reader);
        T7 item7 = _f7.Read(ref reader);
        return (item1, item2, item3, item4, item5, item6, item7);
    }
}
