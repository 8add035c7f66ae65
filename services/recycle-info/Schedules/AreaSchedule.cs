namespace Growbin.RecycleInfo.Schedules;

/// <summary>One 관리구역's published schedule.</summary>
public sealed record AreaSchedule(
    string Sido,
    string Sigungu,
    string AreaName,
    string? TargetAreas,
    string? PlaceType,
    string? Place,
    WasteRule General,
    WasteRule Food,
    WasteRule Recyclable,
    string? BulkyMethod,
    string? BulkyPlace,
    NonCollectionRule NonCollection,
    string? Department,
    string? DepartmentPhone,
    string DataDate);
