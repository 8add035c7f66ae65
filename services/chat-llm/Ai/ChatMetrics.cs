using Prometheus;

namespace Growbin.ChatLlm.Ai;

/// <summary>
/// ARCHITECTURE §8 AI cost metrics, the same names and labels as vision-analyzer's with <c>purpose="chat"</c>.
/// Counting never fails the work.
/// </summary>
public sealed class ChatMetrics(ILogger<ChatMetrics> logger)
{
    public const string Purpose = "chat";

    private static readonly Counter Calls = Metrics.CreateCounter(
        "growbin_ai_calls_total", "Model calls made, by outcome.", "purpose", "model", "outcome");

    private static readonly Counter Tokens = Metrics.CreateCounter(
        "growbin_ai_tokens_total", "Tokens billed, by kind (prompt, completion).", "purpose", "model", "kind");

    public void CallMade(string model, string outcome) => Safely(() => Calls.WithLabels(Purpose, model, outcome).Inc());

    public void Usage(string model, int promptTokens, int completionTokens) =>
        Safely(() =>
        {
            Tokens.WithLabels(Purpose, model, "prompt").Inc(promptTokens);
            Tokens.WithLabels(Purpose, model, "completion").Inc(completionTokens);
        });

    private void Safely(Action count)
    {
        try
        {
            count();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not update an AI metric; the work goes on.");
        }
    }
}
