namespace Vigie.Domain;

/// <summary>
/// Every refusal code the station can give: stable keys the console's and portal's texts are looked up by (and the
/// API's problem "code"). A code is never reused for another meaning; a new refusal gets a new code and its texts.
/// </summary>
public static class RefusalCodes
{
    public const string CommandUnknown = "command.unknown";

    public const string CodeMalformed = "code.malformed";
    public const string CodeHashMismatch = "code.hash-mismatch";

    public const string EmailInvalid = "email.invalid";

    public const string NumberOutOfRange = "number.out-of-range";

    public const string IncidentNotFound = "incident.not-found";
    public const string IncidentClosed = "incident.closed";
    public const string IncidentTakenBy = "incident.taken-by";
    public const string IncidentTakeNotStaff = "incident.take-not-staff";
    public const string IncidentAlreadyYours = "incident.already-yours";
    public const string IncidentNotTaken = "incident.not-taken";
    public const string IncidentTakeFirst = "incident.take-first";
    public const string IncidentTakeOverFirst = "incident.take-over-first";
    public const string IncidentReleaseTakenBy = "incident.release-taken-by";
    public const string IncidentTransferTakenBy = "incident.transfer-taken-by";
    public const string IncidentTransferNotTaken = "incident.transfer-not-taken";
    public const string IncidentTransferToMissing = "incident.transfer-to-missing";
    public const string IncidentTransferToHolder = "incident.transfer-to-holder";
    public const string IncidentEscalateInfoAlertes = "incident.escalate-info-alertes";
    public const string IncidentAlreadyEscalated = "incident.already-escalated";
    public const string IncidentEscalationNotDue = "incident.escalation-not-due";
    public const string IncidentCallNotInProgress = "incident.call-not-in-progress";
    public const string IncidentDomesticRiskInformationOnly = "incident.domestic-risk-information-only";
    public const string IncidentAgentAlreadyDispatched = "incident.agent-already-dispatched";
    public const string IncidentNotPartOfProcedure = "incident.not-part-of-procedure";
    public const string IncidentNotPartOfProcedureTechnical = "incident.not-part-of-procedure-technical";
    public const string IncidentNoSpeaker = "incident.no-speaker";
    public const string IncidentSosListenFirst = "incident.sos-listen-first";
    public const string IncidentListenSosOnly = "incident.listen-sos-only";
    public const string IncidentNoSpeakerPhoneSite = "incident.no-speaker-phone-site";
    public const string IncidentNoLandline = "incident.no-landline";
    public const string IncidentSosListenBeforeCall = "incident.sos-listen-before-call";
    public const string IncidentSosCallOutcome = "incident.sos-call-outcome";
    public const string IncidentSosOutcomesOnly = "incident.sos-outcomes-only";
    public const string IncidentCodeByVoiceServer = "incident.code-by-voice-server";
    public const string IncidentNoCodeToCheck = "incident.no-code-to-check";
    public const string IncidentCodeTriesExhausted = "incident.code-tries-exhausted";
    public const string IncidentInfoAlertesCallsAutomatic = "incident.info-alertes-calls-automatic";
    public const string IncidentPhoneNotInInstructions = "incident.phone-not-in-instructions";
    public const string IncidentDecisionMissing = "incident.decision-missing";
    public const string IncidentDecisionUnreached = "incident.decision-unreached";
    public const string IncidentVerifySiteFirst = "incident.verify-site-first";
    public const string IncidentSosPhoneSiteFirst = "incident.sos-phone-site-first";
    public const string IncidentCallSubscriberFirst = "incident.call-subscriber-first";
    public const string IncidentCallContactsInOrder = "incident.call-contacts-in-order";
    public const string IncidentAgentNotYet = "incident.agent-not-yet";
    public const string IncidentNoAgentOnTheWay = "incident.no-agent-on-the-way";
    public const string IncidentPoliceAlreadyCalled = "incident.police-already-called";
    public const string IncidentPoliceNeedsVerification = "incident.police-needs-verification";
    public const string IncidentNoBreakIn = "incident.no-break-in";
    public const string IncidentInformPoliceFirst = "incident.inform-police-first";
    public const string IncidentInformSubscriberFirst = "incident.inform-subscriber-first";
    public const string IncidentSubscriberDecides = "incident.subscriber-decides";
    public const string IncidentGuardingProviderMissing = "incident.guarding-provider-missing";
    public const string IncidentGuardingNeedsBreakIn = "incident.guarding-needs-break-in";
    public const string IncidentGuardingAlreadyOrganised = "incident.guarding-already-organised";
    public const string IncidentPersonTakesCharge = "incident.person-takes-charge";
    public const string IncidentInformBeforeGuarding = "incident.inform-before-guarding";
    public const string IncidentNoGuarding = "incident.no-guarding";
    public const string IncidentAmountNotPositive = "incident.amount-not-positive";
    public const string IncidentAmountOverCeiling = "incident.amount-over-ceiling";
    public const string IncidentAgentFindingsMissing = "incident.agent-findings-missing";
    public const string IncidentCloseNoteRequired = "incident.close-note-required";
    public const string IncidentCloseFalseAlarmNote = "incident.close-false-alarm-note";
    public const string IncidentMaintenanceNotesMissing = "incident.maintenance-notes-missing";
    public const string IncidentRemoteMaintenanceFirst = "incident.remote-maintenance-first";
    public const string IncidentRemoteMaintenanceFixed = "incident.remote-maintenance-fixed";
    public const string IncidentVisitNotWorkingDay = "incident.visit-not-working-day";
    public const string IncidentVisitTooSoon = "incident.visit-too-soon";
    public const string IncidentInformNotesMissing = "incident.inform-notes-missing";
    public const string IncidentAfterSalesAlreadyMade = "incident.after-sales-already-made";
    public const string IncidentClientCallHours = "incident.client-call-hours";
    public const string IncidentCallClientFirst = "incident.call-client-first";
    public const string IncidentAfterSalesWithSecondAlert = "incident.after-sales-with-second-alert";
    public const string IncidentCauseFound = "incident.cause-found";
    public const string IncidentAfterSalesNotesMissing = "incident.after-sales-notes-missing";
    public const string IncidentSiteNotInOutage = "incident.site-not-in-outage";
    public const string IncidentNoNumber = "incident.no-number";
    public const string IncidentEveryoneCalled = "incident.everyone-called";
    public const string IncidentEveryoneInformed = "incident.everyone-informed";

    public const string SiteNotFound = "site.not-found";
    public const string SiteNotProvisioned = "site.not-provisioned";
    public const string SiteAlreadyProvisioned = "site.already-provisioned";
    public const string SitePanelAccountBound = "site.panel-account-bound";
    public const string SiteIdInvalid = "site.id-invalid";
    public const string SiteOfferMismatch = "site.offer-mismatch";
    public const string SiteTimeZoneInvalid = "site.time-zone-invalid";
    public const string SitePanelAccountMissing = "site.panel-account-missing";
    public const string SitePanelNoPath = "site.panel-no-path";
    public const string SitePanelPrimaryPath = "site.panel-primary-path";
    public const string SitePanelPathsDuplicate = "site.panel-paths-duplicate";
    public const string SiteZoneDuplicate = "site.zone-duplicate";
    public const string SiteZoneRange = "site.zone-range";
    public const string SiteTooManyCameras = "site.too-many-cameras";
    public const string SiteCoordinatesIncomplete = "site.coordinates-incomplete";
    public const string SiteLatitudeRange = "site.latitude-range";
    public const string SiteLongitudeRange = "site.longitude-range";
    public const string SiteUnknownProfile = "site.unknown-profile";
    public const string SiteCodeEqualsDuress = "site.code-equals-duress";
    public const string SiteDuressEqualsCode = "site.duress-equals-code";
    public const string SiteActivationNoCode = "site.activation-no-code";
    public const string SiteProtectPlusUnavailable = "site.protect-plus-unavailable";
    public const string SiteProtectPlusPeriods = "site.protect-plus-periods";
    public const string SiteProtectPlusInPast = "site.protect-plus-in-past";
    public const string SiteProtectPlusOverlap = "site.protect-plus-overlap";
    public const string SiteBookingNotFound = "site.booking-not-found";
    public const string SiteBookingStarted = "site.booking-started";
    public const string SiteNoCamera = "site.no-camera";
    public const string SiteRemoteNeedsIp = "site.remote-needs-ip";
    public const string DetectionScheduleEmpty = "video.schedule-empty";
    public const string DetectionScheduleTooMany = "video.schedule-too-many";
    public const string DetectionScheduleDay = "video.schedule-day";
    public const string DetectionScheduleOrder = "video.schedule-order";
    public const string VideoSiteDisarmed = "video.site-disarmed";
    public const string VideoNotIntrusion = "video.not-intrusion";
    public const string VideoPrivacyMode = "video.privacy-mode";
    public const string SiteLivenessOtherSite = "site.liveness-other-site";
    public const string SiteLivenessPathMissing = "site.liveness-path-missing";
    public const string SiteCameraNotFound = "site.camera-not-found";
    public const string SiteTestReasonMissing = "site.test-reason-missing";
    public const string SiteTestEndBeforeStart = "site.test-end-before-start";
    public const string SiteTestTooLong = "site.test-too-long";
    public const string SiteTestOver = "site.test-over";
    public const string SiteTestAlreadySet = "site.test-already-set";
    public const string SiteNoTestPeriod = "site.no-test-period";
    public const string SiteModeUnknown = "site.mode-unknown";
    public const string SiteArmingChannel = "site.arming-channel";
    public const string SiteRemoteIdMissing = "site.remote-id-missing";
    public const string SiteRemoteIdUnexpected = "site.remote-id-unexpected";
    public const string SiteRemoteNotFound = "site.remote-not-found";
    public const string SiteRemoteRevoked = "site.remote-revoked";
    public const string SiteRemoteExpired = "site.remote-expired";
    public const string SiteAlreadyDisarmed = "site.already-disarmed";
    public const string SiteAlreadyArmedTotal = "site.already-armed-total";
    public const string SiteAlreadyArmedPartial = "site.already-armed-partial";
    public const string SiteRemoteNameLength = "site.remote-name-length";
    public const string SiteRemoteExpiryPast = "site.remote-expiry-past";
    public const string SiteRemoteTokenHash = "site.remote-token-hash";
    public const string SiteRemoteTokenReused = "site.remote-token-reused";
    public const string SiteRemoteAlreadyRevoked = "site.remote-already-revoked";
    public const string SiteNoticedInFuture = "site.noticed-in-future";
    public const string SiteLostDescriptionLength = "site.lost-description-length";
    public const string SiteNoticeNoEmail = "site.notice-no-email";
    public const string SiteNoticeNoMobile = "site.notice-no-mobile";

    public const string ReportLanguageUnknown = "report.language-unknown";

    public const string RemoteTokenInvalid = "remote.token-invalid";

    public const string InsurerNameLength = "insurer.name-length";
    public const string InsurerPolicyLength = "insurer.policy-length";
    public const string InsurerWebInvalid = "insurer.web-invalid";
    public const string InsurerPostLength = "insurer.post-length";

    public const string InstructionsNoNumber = "instructions.no-number";
    public const string InstructionsTooFewContacts = "instructions.too-few-contacts";
    public const string InstructionsContactNameMissing = "instructions.contact-name-missing";
    public const string InstructionsDuplicateNumber = "instructions.duplicate-number";
    public const string InstructionsAccessNotesLength = "instructions.access-notes-length";

    public const string SimulatorCallNotRinging = "simulator.call-not-ringing";
    public const string SimulatorCallAmbiguous = "simulator.call-ambiguous";
    // Issue 16: phone numbers in E.164 for every country, the subscriber's own French (CON-2, SUP-3, RC-5).
    public const string PhoneRequired = "phone.required";
    public const string PhoneInvalid = "phone.invalid";
    public const string PhoneNotFrench = "phone.not-french";
    public const string IncidentPoliceReferenceLength = "incident.police-reference-length";
    // Issue 18: the media store, its uploads, freezes for a claim (INS-9) and judicial requisitions (GDP-4).
    public const string MediaClaimReferenceMissing = "media.claim-reference-missing";
    public const string MediaAlreadyFrozen = "media.already-frozen";
    public const string MediaRequisitionAuthorityMissing = "media.requisition-authority-missing";
    public const string MediaRequisitionReferenceMissing = "media.requisition-reference-missing";
    public const string MediaRequisitionDateMissing = "media.requisition-date-missing";
    public const string MediaRequisitionDateFuture = "media.requisition-date-future";
    public const string MediaNoRequisition = "media.no-requisition";
    public const string MediaNotFound = "media.not-found";
    public const string MediaKindInvalid = "media.kind-invalid";
    public const string MediaContentTypeRefused = "media.content-type-refused";
    public const string MediaContentMismatch = "media.content-mismatch";
    public const string MediaEmpty = "media.empty";
    public const string MediaTooLarge = "media.too-large";
    public const string MediaCapturedAtInvalid = "media.captured-at-invalid";
    public const string MediaPreRollInvalid = "media.pre-roll-invalid";
    public const string MediaNameInvalid = "media.name-invalid";
    public const string MediaCameraInvalid = "media.camera-invalid";
}
