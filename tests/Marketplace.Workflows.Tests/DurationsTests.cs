using Marketplace.Workflows.Definitions;

namespace Marketplace.Workflows.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData(" 10m ", 600_000)]
    [InlineData("24h", 86_400_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("0.001s", 1)]
    [InlineData("365d", 31_536_000_000)]
    public void TryParse_NumberAndUnit_IsThatDuration(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1 s")]
    [InlineData("-1s")]
    [InlineData("1e3s")]
    [InlineData("1.0001s")]
    [InlineData("1w")]
    [InlineData("1234567890s")]
    [InlineData("366d")]
    [InlineData("999999999d")] // once an OverflowException, a 500
    [InlineData("999999999.999h")]
    public void TryParse_NotADurationOrPastTheMax_IsFalseAndNeverThrows(string? text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData("30d", true)]
    [InlineData("720h", true)]
    [InlineData("30.001d", false)]
    [InlineData("31d", false)]
    public void TryParse_AgainstTheTimerMax_StopsAtThirtyDays(string text, bool accepted) =>
        Assert.Equal(accepted, Durations.TryParse(text, Durations.MaxTimer, out _));

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(5, 16_000)]
    [InlineData(6, 30_000)]
    [InlineData(100, 30_000)]
    public void RetryPolicy_DelayAfter_DoublesUpToTheCap(int attempt, double milliseconds) =>
        Assert.Equal(milliseconds, new RetryPolicy(100, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30)).DelayAfter(attempt).TotalMilliseconds);

    [Fact]
    public void RetryPolicy_HugeMultiplierAndAttempt_StaysAtTheCapInsteadOfOverflowing() =>
        Assert.Equal(Durations.MaxTimer, new RetryPolicy(100, Durations.MaxTimer, 100, Durations.MaxTimer).DelayAfter(100));
}
