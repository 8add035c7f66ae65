namespace Growbin.RecycleInfo;

/// <summary>One 관리구역: where, how and when each kind of waste goes out, its 미수거일, who manages it, as of when.</summary>
public sealed record ScheduleAreaResponse(
    string Name,
    IReadOnlyList<string> Targets,
    string? PlaceType,
    string? Place,
    WasteScheduleResponse General,
    WasteScheduleResponse Food,
    WasteScheduleResponse Recyclable,
    BulkyWasteResponse Bulky,
    NonCollectionResponse NonCollection,
    DepartmentResponse Department,
    string DataDate);

/// <summary>일시적 다량 폐기물 (bulky or one-off large amounts): how and where.</summary>
public sealed record BulkyWasteResponse(string? Method, string? Place);

/// <summary>The department that manages the area.</summary>
public sealed record DepartmentResponse(string? Name, string? Phone);

/// <summary>
/// 미수거일 as read: weekdays (mon … sun), holiday kinds (public, seollal, seollal-period, chuseok, chuseok-period),
/// fixed dates (MM-DD), notes not understood (not applied to today/next), and the published text.
/// </summary>
public sealed record NonCollectionResponse(IReadOnlyList<string> Weekdays, IReadOnlyList<string> Holidays, IReadOnlyList<string> Dates,
    IReadOnlyList<string> Notes, string? Text);
