using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.RuleRetriever;

/// <summary>
/// The pipeline's <c>rules</c> step (<c>POST /activities/rules</c>). No state: the answer depends only on the
/// classification and the embedded dataset, so a redelivered call returns the same rule. A 4xx means the input can
/// never succeed, and the pipeline fails the scan instead of retrying.
/// </summary>
public static class RulesActivity
{
    public static readonly string UnknownClassification = ProblemTypes.For(ActivityFailures.UnknownClassification);

    public const int MaxItemNameLength = 100;

    public static IEndpointRouteBuilder MapRulesActivity(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Activities.Route(Activities.Rules), Handle)
            .WithName("RulesActivity")
            .WithTags("activities")
            .WithSummary("Map the analyzer's classification to the dataset's disposal rule.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return routes;
    }

    private static Results<Ok<DisposalRule>, ValidationProblem, ProblemHttpResult> Handle(Classification classification, RuleResolver resolver)
    {
        var errors = Validate(classification);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return resolver.Resolve(classification) is { } rule
            ? TypedResults.Ok(rule)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                type: UnknownClassification,
                title: "Nothing in the dataset fits the classification",
                detail: $"Category '{classification.Category}' is not a dataset category and '{classification.ItemName}' names no item.");
    }

    private static Dictionary<string, string[]> Validate(Classification classification)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(classification.Category))
        {
            errors["category"] = ["category is required."];
        }

        if (string.IsNullOrWhiteSpace(classification.ItemName) || classification.ItemName.Length > MaxItemNameLength)
        {
            errors["itemName"] = [$"itemName is required and at most {MaxItemNameLength} characters."];
        }

        if (classification.Confidence is < 0 or > 1 || double.IsNaN(classification.Confidence))
        {
            errors["confidence"] = ["confidence must be between 0 and 1."];
        }

        return errors;
    }
}
