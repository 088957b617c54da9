import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import {
  Actor,
  ConflictError,
  escapeLike,
  ForbiddenError,
  hasPermission,
  NotFoundError,
  Permission,
  ValidationError,
} from '@app/common';
import { CreateUnitDto, ListUnitsQueryDto, UnitListResponse, UnitResponse } from './dto/unit.dto';
import { OrgUnitRepository } from './org-unit.repository';
import { UnitType } from './unit-type';

/** Units and subtree checks. Every read is limited to the caller's scope subtrees. */
@Injectable()
export class OrgUnitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: OrgUnitRepository,
    private readonly audit: AuditService,
  ) {}

  /** A unit the actor may see (inside one of their scopes); NotFoundError otherwise, so ids don't leak. */
  async getVisibleUnit(actor: Actor, unitId: string): Promise<UnitResponse> {
    const scope = await this.units.firstScopeHolding(
      actor.grants.map((g) => g.scopeUnitId),
      unitId,
    );
    const unit = scope ? await this.units.findById(unitId) : null;
    if (!unit) throw new NotFoundError(`unit ${unitId} not found`);
    return unit;
  }

  /** True when the actor holds one of `permissions` over a scope that contains `unitId`. */
  async canActOn(actor: Actor, unitId: string, permissions: Permission[]): Promise<boolean> {
    const scopes = actor.grants.filter((g) => permissions.includes(g.permission)).map((g) => g.scopeUnitId);
    return (await this.units.firstScopeHolding(scopes, unitId)) !== null;
  }

  async list(actor: Actor, query: ListUnitsQueryDto): Promise<UnitListResponse> {
    if (query.parentId) await this.getVisibleUnit(actor, query.parentId);
    return this.units.listWithin(
      actor.grants.map((g) => g.scopeUnitId),
      {
        parentId: query.parentId,
        q: query.q ? escapeLike(query.q) : undefined,
        limit: query.limit,
        offset: query.offset,
      },
    );
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<UnitResponse> {
    if (!hasPermission(actor, Permission.Admin, Permission.Organiser)) {
      throw new ForbiddenError('only administrators and organisers create units');
    }
    if (dto.type === UnitType.Country) throw new ValidationError('type: there is only one country unit');
    await this.getVisibleUnit(actor, dto.parentId);
    if (!(await this.canActOn(actor, dto.parentId, [Permission.Admin, Permission.Organiser]))) {
      throw new ForbiddenError('the parent unit is outside your scope');
    }
    if (await this.units.findByCode(dto.code)) {
      throw new ConflictError(`a unit with code ${dto.code} already exists`, [
        { field: 'code', reason: 'already used' },
      ]);
    }
    return this.db.transaction(async (m) => {
      const unit = await this.units.insert(m, dto);
      await this.audit.record(
        {
          action: 'unit.create',
          entity: 'org_unit',
          entityId: unit.id,
          details: { code: unit.code, parentId: unit.parentId },
        },
        { actor },
        m,
      );
      return unit;
    });
  }

  /** For the first admin and the seeders: the root of every scope. */
  async getRoot(): Promise<UnitResponse> {
    const root = await this.units.findByCode('VN');
    if (!root) throw new NotFoundError('the country unit is missing: run the migrations');
    return root;
  }

  findByIds(ids: string[]): Promise<UnitResponse[]> {
    return this.units.findManyByIds(ids);
  }

  isWithin(ancestorId: string, descendantId: string): Promise<boolean> {
    return this.units.isWithin(ancestorId, descendantId);
  }
}
