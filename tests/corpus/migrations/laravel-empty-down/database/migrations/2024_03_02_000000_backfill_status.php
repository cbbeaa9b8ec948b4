<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up(): void
    {
        DB::table('invoices')->whereNull('status')->update(['status' => 'open']);
    }

    public function down(): void
    {
        // cannot know the previous values
    }
};
