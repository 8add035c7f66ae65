namespace Growbin.WasteApi;

/// <summary>What a scan's answer depends on besides the photo.</summary>
/// <param name="Question">The person's question, or null.</param>
/// <param name="Language">"ko" or "en", from Accept-Language.</param>
/// <param name="Region">The form's region (normalised, "서울특별시 마포구"); null means the profile's, looked up when the scan starts.</param>
public sealed record ScanDetails(string? Question, string Language, string? Region);
