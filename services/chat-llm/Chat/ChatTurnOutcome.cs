using Growbin.ChatLlm.Responses;

namespace Growbin.ChatLlm.Chat;

/// <summary>How a turn ended: answered, refused or failed (<see cref="Problem"/>), or abandoned by the client.</summary>
public sealed record ChatTurnOutcome(ChatMessageResponse? Answer, ChatProblem? Problem)
{
    public static readonly ChatTurnOutcome Cancelled = new(null, null);

    public bool IsCancelled => Answer is null && Problem is null;

    public static ChatTurnOutcome Answered(ChatMessageResponse answer) => new(answer, null);

    public static ChatTurnOutcome Failed(ChatProblem problem) => new(null, problem);
}
