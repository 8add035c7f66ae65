using Growbin.Ai;
using Growbin.Ai.Budget;
using Growbin.ChatLlm.Ai;
using Growbin.TestSupport.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.Tests;

/// <summary>chat-llm on the shared AI project: its OpenAI defaults and prices, and the budget as a client.</summary>
public sealed class ChatAiRegistrationTests
{
    [Fact]
    public void Chat_uses_gpt_4o_mini_for_60_s_and_400_tokens_priced_at_15_and_60_cents_per_million()
    {
        using var app = new GrowbinAppFactory<Program>();

        var options = app.Services.GetRequiredService<IOptions<OpenAiOptions>>().Value;
        var model = app.Services.GetRequiredService<ChatModel>();

        model.Model.Should().Be("gpt-4o-mini");
        options.Timeout.Should().Be(TimeSpan.FromSeconds(60));
        options.MaxOutputTokens.Should().Be(400);
        model.CostOf(1_000_000, 0).Should().Be(0.15m);
        model.CostOf(0, 1_000_000).Should().Be(0.60m);
    }

    [Fact]
    public void The_budget_is_vision_analyzers_actor_reached_through_the_sidecar()
    {
        using var app = new GrowbinAppFactory<Program>();

        app.Services.GetRequiredService<IAiBudget>().Should().BeOfType<InvokedAiBudget>();
    }
}
