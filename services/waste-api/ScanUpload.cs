using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.WasteApi;

/// <summary>What <see cref="ScanUploadReader"/> read from an analyze request: a refusal, or the parts that matter.</summary>
/// <param name="Problem">Set when the body cannot be used at all (not multipart, too large, malformed); nothing else is.</param>
/// <param name="Image">The first file part named <c>image</c>, or null when there is none.</param>
/// <param name="OtherFileField">The name of the first file part that is not <c>image</c>, to say where the photo went.</param>
/// <param name="Question">The first <c>question</c> field ("" without one); longer than the limit when it was too long to read whole.</param>
/// <param name="Region">The first <c>region</c> field, or null without one; longer than the limit when it was too long to read whole.</param>
public sealed record ScanUpload(
    ProblemHttpResult? Problem, ReadOnlyMemory<byte>? Image = null, string? OtherFileField = null, string Question = "", string? Region = null);
