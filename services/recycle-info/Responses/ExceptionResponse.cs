namespace Growbin.RecycleInfo;

public sealed record ExceptionResponse(string When, CategoryRef Category);
