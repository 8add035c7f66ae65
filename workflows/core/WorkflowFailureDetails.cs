namespace Growbin.Workflows;

/// <summary>Why an activity or a workflow failed, as Dapr.Workflow's FailureDetails.</summary>
/// <param name="ErrorType">A stable type: the ProblemDetails <c>type</c> of a remote activity, or an exception's type name.</param>
/// <param name="ErrorMessage">For people: the ProblemDetails <c>detail</c> or the exception message.</param>
/// <param name="Activity">The activity that failed, when one did.</param>
public sealed record WorkflowFailureDetails(string ErrorType, string ErrorMessage, string? Activity = null);
