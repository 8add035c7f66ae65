using Growbin.ServiceDefaults.RateLimiting;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>The per-user cap on open streams (<c>RateLimiting:Streams</c>) that waste-api's SSE and chat-llm's sockets share.</summary>
public sealed class StreamSlotsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("101")]
    public void A_cap_out_of_range_stops_start_up(string value)
    {
        var start = () => StartupValidation.Run(s => s.AddStreamSlots(),
            new Dictionary<string, string?> { ["RateLimiting:Streams:MaxPerUser"] = value });

        start.Should().Throw<OptionsValidationException>().WithMessage("*MaxPerUser*");
    }

    [Fact]
    public void The_default_is_three_streams_per_user_and_starts()
    {
        StartupValidation.Run(s => s.AddStreamSlots(), new Dictionary<string, string?>());

        using var slots = Slots(null);
        slots.MaxPerUser.Should().Be(3);
    }

    [Fact]
    public void The_user_past_the_cap_gets_no_slot_until_one_is_freed_and_others_are_not_affected()
    {
        using var slots = Slots(2);
        var first = slots.TryAcquire("alice");
        var second = slots.TryAcquire("alice");

        slots.TryAcquire("alice").Should().BeNull();
        slots.TryAcquire("bob").Should().NotBeNull();
        first!.Dispose();
        first.Dispose(); // a second dispose frees nothing more
        slots.OpenFor("alice").Should().Be(1);
        slots.TryAcquire("alice").Should().NotBeNull();
        slots.TryAcquire("alice").Should().BeNull();
        second!.Dispose();
    }

    [Fact]
    public async Task A_held_result_frees_its_slot_once_written_and_also_when_writing_it_fails()
    {
        using var slots = Slots(1);
        var written = slots.TryAcquire("alice")!.Around(Results.Ok());
        await written.ExecuteAsync(NewContext());
        slots.OpenFor("alice").Should().Be(0);

        var failing = slots.TryAcquire("alice")!.Around(new FailingResult());
        var execute = () => failing.ExecuteAsync(NewContext());
        await execute.Should().ThrowAsync<IOException>();
        slots.OpenFor("alice").Should().Be(0);
    }

    [Fact]
    public async Task A_refusal_is_a_429_too_many_streams_problem_with_retry_after()
    {
        using var slots = Slots(1);
        var context = NewContext();

        await slots.Refusal(context).ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(StatusCodes.Status429TooManyRequests);
        context.Response.Headers.RetryAfter.ToString().Should().Be("5");
        context.Response.ContentType.Should().StartWith("application/problem+json");
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        body.Should().Contain(StreamSlots.TooManyStreamsType);
    }

    private static StreamSlots Slots(int? max) => new(Options.Create(new StreamLimitOptions { MaxPerUser = max ?? new StreamLimitOptions().MaxPerUser }));

    private static DefaultHttpContext NewContext() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    private sealed class FailingResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => throw new IOException("The client went away.");
    }
}
