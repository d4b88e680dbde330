using System.Diagnostics;
using System.Net.Sockets;

namespace Romp.Bench.Raw;

/// <summary>
/// Socket I/O that never sleeps in the kernel while it expects data: the socket is non-blocking and a receive that
/// finds nothing is tried again at once. That takes the wake-up of a blocked thread out of a round trip, which is what
/// separates the physical floor from the blocking one, at the price of one busy core per side.
/// </summary>
internal static class BusyPollSocket
{
    // An idle server connection waits in the kernel in slices this long; the slice only bounds how late it notices a close.
    private static readonly TimeSpan IdleWaitSlice = TimeSpan.FromMilliseconds(100);

    // Empty polls (a fraction of a microsecond each) between looks at the clock.
    private const int PollsPerClockCheck = 16;

    // A wait this long is already far off the loopback round trip (under 10 µs): from then on the spinner offers its
    // core every few polls (see OfferCore). Shorter waits, the measured case, never yield.
    private static readonly long YieldAfterTicks = Stopwatch.Frequency / 20_000;

    /// <summary>Switches <paramref name="socket"/> to non-blocking mode; use only this type's methods on it afterwards.</summary>
    public static void Enable(Socket socket) => socket.Blocking = false;

    /// <summary>
    /// Receives at least one byte, or 0 when the peer closed. Spins for up to <paramref name="spinFor"/>; after that it
    /// throws <see cref="TimeoutException"/>, or, when <paramref name="waitWhenIdle"/>, waits in the kernel until data
    /// comes: a connection that quiet is between runs, not measured, and must not hold a core of a 2-core machine.
    /// </summary>
    public static int Receive(Socket socket, Span<byte> buffer, TimeSpan spinFor, bool waitWhenIdle)
    {
        long spinTicks = (long)(spinFor.TotalSeconds * Stopwatch.Frequency);
        long start = Stopwatch.GetTimestamp();
        // Bounded by the clock: spinFor for a client; for a server, the connection's life (a close or a dispose ends it).
        for (long attempt = 1; ; attempt++)
        {
            int received = socket.Receive(buffer, SocketFlags.None, out SocketError error);
            if (error == SocketError.Success)
                return received;
            if (error != SocketError.WouldBlock)
                throw new SocketException((int)error);
            if (attempt % PollsPerClockCheck != 0)
                continue;
            long waited = Stopwatch.GetTimestamp() - start;
            if (waited > YieldAfterTicks)
                OfferCore();
            if (waited <= spinTicks)
                continue;
            if (!waitWhenIdle)
                throw new TimeoutException($"No data within {spinFor.TotalSeconds:0} s.");
            socket.Poll(IdleWaitSlice, SelectMode.SelectRead);
        }
    }

    /// <summary>Sends all of <paramref name="data"/>, spinning while the socket's send buffer is full, for up to <paramref name="timeout"/>.</summary>
    public static void SendAll(Socket socket, ReadOnlySpan<byte> data, TimeSpan timeout)
    {
        long timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        long start = Stopwatch.GetTimestamp();
        int sent = 0;
        for (long attempt = 1; sent < data.Length; attempt++)
        {
            int count = socket.Send(data.Slice(sent), SocketFlags.None, out SocketError error);
            if (error == SocketError.Success)
            {
                sent += count;
                continue;
            }

            if (error != SocketError.WouldBlock)
                throw new SocketException((int)error);
            if (attempt % PollsPerClockCheck != 0)
                continue;
            long waited = Stopwatch.GetTimestamp() - start;
            if (waited > YieldAfterTicks)
                OfferCore();
            if (waited > timeoutTicks)
                throw new TimeoutException($"Could not send within {timeout.TotalSeconds:0} s.");
        }
    }

    // Not a wait: with nothing else runnable, sched_yield returns at once. With more runnable threads than cores (2 here,
    // on a shared machine) a pure spinner holds its core for a whole time slice, milliseconds, while the thread it waits
    // for (the other side of the round trip) may be queued behind it; yielding lets that thread run now.
    private static void OfferCore() => Thread.Yield();
}
