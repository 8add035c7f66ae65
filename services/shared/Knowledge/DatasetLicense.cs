namespace Growbin.Knowledge;

/// <summary>The licence of the dataset's text (dataset.json <c>license</c>).</summary>
/// <param name="Spdx">The SPDX identifier, e.g. "Apache-2.0".</param>
/// <param name="Statement">Whose text it is and on what terms, in English.</param>
public sealed record DatasetLicense(string Spdx, string Statement);
