using Growbin.TestSupport.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.Tests;

/// <summary>The <c>Chat</c> section is checked before the app starts, not at the first message.</summary>
public sealed class ChatOptionsValidationTests
{
    [Theory]
    [InlineData("Chat:MaxTurns", "0", "MaxTurns")]
    [InlineData("Chat:MaxTurns", "1000", "MaxTurns")]
    [InlineData("Chat:ConversationTtl", "00:00:10", "ConversationTtl")]
    [InlineData("Chat:ConversationTtl", "365.00:00:00", "ConversationTtl")]
    public void A_setting_out_of_range_stops_start_up(string key, string value, string named)
    {
        var start = () => StartupValidation.Run(s => s.AddChatLlm(), new Dictionary<string, string?> { [key] = value });

        start.Should().Throw<OptionsValidationException>().WithMessage($"*{named}*");
    }

    [Fact]
    public void The_defaults_are_20_turns_for_7_days_and_start()
    {
        StartupValidation.Run(s => s.AddChatLlm(), new Dictionary<string, string?>());

        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddChatLlm()
            .BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ChatOptions>>().Value;
        options.MaxTurns.Should().Be(20);
        options.ConversationTtl.Should().Be(TimeSpan.FromDays(7));
    }
}
