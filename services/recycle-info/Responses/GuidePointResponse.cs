namespace Growbin.RecycleInfo;

public sealed record GuidePointResponse(string Title, string Text);
