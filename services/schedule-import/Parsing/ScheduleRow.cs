namespace Growbin.ScheduleImport.Parsing;

/// <summary>One 관리구역's schedule, read and checked: what growbin.collection_schedules stores for a row.</summary>
public sealed record ScheduleRow(
    int Line,
    string Sido,
    string Sigungu,
    string AreaName,
    string? TargetAreas,
    string? PlaceType,
    string? Place,
    WasteSchedule General,
    WasteSchedule Food,
    WasteSchedule Recyclable,
    string? BulkyMethod,
    string? BulkyPlace,
    NonCollectionDays NonCollection,
    string? Department,
    string? DepartmentPhone,
    DateOnly DataDate);
